namespace ProtonCancelLambda.IntegrationTests.Pipelines;

/// <summary>
/// A GITHUB_OUTPUT file as the runner reads it: <c>name=value</c> lines and <c>name&lt;&lt;DELIMITER</c>
/// blocks; a later value of a name wins.
/// </summary>
internal static class GitHubOutputFile
{
    public static Dictionary<string, string> Read(string path)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                var delimiter = line[(heredoc + 2)..];
                var end = Array.IndexOf(lines, delimiter, i + 1);
                Assert.True(end > i, $"The block of {line[..heredoc]} in GITHUB_OUTPUT never ends ({delimiter}).");
                outputs[line[..heredoc]] = string.Join('\n', lines[(i + 1)..end]);
                i = end;
            }
            else
            {
                Assert.True(equals > 0, $"Not an output line: '{line}'");
                outputs[line[..equals]] = line[(equals + 1)..];
            }
        }

        return outputs;
    }
}
