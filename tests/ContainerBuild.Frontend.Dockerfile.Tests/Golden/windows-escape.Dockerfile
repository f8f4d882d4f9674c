# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
COPY c:\src\ c:\app\
RUN Write-Host `
    'hello'
CMD ["c:\\app\\run.exe"]
