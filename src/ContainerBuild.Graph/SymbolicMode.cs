namespace ContainerBuild.Graph;

/// <summary>
/// chmod's symbolic modes for <see cref="CopyOptions.SymbolicMode"/>: comma-separated clauses
/// <c>[ugoa]*([-+=]([rwxXst]*|[ugo]))+</c>, applied to each entry's own mode. No "who" means all (no umask, as in
/// a build); <c>X</c> is execute for directories and for files that already have an execute bit.
/// </summary>
public static class SymbolicMode
{
    public static bool IsValid(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        try
        {
            Apply(expression, 0, isDirectory: false);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The permission bits (with setuid, setgid, sticky) after <paramref name="expression"/>.</summary>
    /// <exception cref="FormatException">The expression is not a symbolic mode.</exception>
    public static int Apply(string expression, int mode, bool isDirectory)
    {
        ArgumentNullException.ThrowIfNull(expression);
        mode &= 0xFFF;
        foreach (var clause in expression.Split(','))
        {
            var at = 0;
            var who = 0;
            while (at < clause.Length && clause[at] is 'u' or 'g' or 'o' or 'a')
            {
                who |= clause[at++] switch { 'u' => 0x9C0, 'g' => 0x438, 'o' => 0x207, _ => 0xFFF };
            }

            if (who == 0)
            {
                who = 0xFFF;
            }

            if (at == clause.Length)
            {
                throw new FormatException($"'{expression}' is not a symbolic mode: '{clause}' has no operator (+, - or =).");
            }

            while (at < clause.Length)
            {
                var op = clause[at++];
                if (op is not ('+' or '-' or '='))
                {
                    throw new FormatException($"'{expression}' is not a symbolic mode: '{op}' where +, - or = was expected.");
                }

                var bits = 0;
                if (at < clause.Length && clause[at] is 'u' or 'g' or 'o')
                {
                    // Copy another class's bits (g=u): read them as rwx and spread them to every class.
                    var shift = clause[at++] switch { 'u' => 6, 'g' => 3, _ => 0 };
                    var rwx = (mode >> shift) & 7;
                    bits = rwx | (rwx << 3) | (rwx << 6);
                }
                else
                {
                    while (at < clause.Length && clause[at] is 'r' or 'w' or 'x' or 'X' or 's' or 't')
                    {
                        bits |= clause[at++] switch
                        {
                            'r' => 0x124,
                            'w' => 0x92,
                            'x' => 0x49,
                            'X' => isDirectory || (mode & 0x49) != 0 ? 0x49 : 0,
                            's' => 0xC00,
                            _ => 0x200,
                        };
                    }
                }

                bits &= who;
                mode = op switch
                {
                    '+' => mode | bits,
                    '-' => mode & ~bits,
                    _ => (mode & ~(who & 0x1FF)) | bits,
                };
            }
        }

        return mode;
    }
}
