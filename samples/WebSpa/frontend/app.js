fetch("/api/greeting")
  .then((r) => r.json())
  .then((g) => { document.getElementById("greeting").textContent = g.message; });
