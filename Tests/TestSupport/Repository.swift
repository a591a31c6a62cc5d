/// Where the repository's files are, for tests: fixtures, tools, schemas.
public enum Repository {
    public static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    public static let fixtures = root + "/Tests/Fixtures"

    public static func fixture(_ name: String) -> String { fixtures + "/" + name }
}
