namespace ProtonCancelLambda.Tests.Deployment;

/// <summary>
/// The rows of the Markdown tables in README.md and docs/*.md, found by their first cell
/// (<c>| `NAME` | ...</c>), so a test can hold a documented default or range to the code.
/// </summary>
internal static class DocTables
{
    /// <summary>The user-facing docs: README.md and docs/*.md, in a stable order.</summary>
    public static IReadOnlyList<string> Files { get; } =
        [.. new[] { RepoFiles.PathOf("README.md") }.Concat(Directory.EnumerateFiles(RepoFiles.PathOf("docs"), "*.md")).Order(StringComparer.Ordinal)];

    public static IReadOnlyList<(string File, string[] Cells)> Rows { get; } = ReadRows();

    /// <summary>Every documented row whose first cell is exactly <c>`name`</c>.</summary>
    public static IReadOnlyList<(string File, string[] Cells)> RowsNaming(string name) =>
        [.. Rows.Where(row => row.Cells[0] == $"`{name}`")];

    /// <summary>A cell's value: backticks dropped, <c>*(empty)*</c> as the empty string.</summary>
    public static string Value(string cell) => cell == "*(empty)*" ? string.Empty : cell.Replace("`", string.Empty, StringComparison.Ordinal).Trim();

    private static List<(string File, string[] Cells)> ReadRows()
    {
        var rows = new List<(string, string[])>();
        foreach (var file in Files)
        {
            foreach (var line in File.ReadLines(file).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
            {
                var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                rows.Add((Path.GetRelativePath(RepoFiles.Root, file), cells));
            }
        }

        return rows;
    }
}
