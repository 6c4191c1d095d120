// Prints Maven's own order for each tab-separated pair of versions in a UTF-8 file, one line per
// pair: the signs of a.compareTo(b) and b.compareTo(a). Used by maven-differential.test.ts as
//   java -cp maven-artifact.jar ComparableVersions.java pairs.tsv
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class ComparableVersions {
    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            ComparableVersion a = new ComparableVersion(line.substring(0, tab));
            ComparableVersion b = new ComparableVersion(line.substring(tab + 1));
            out.append(Integer.signum(a.compareTo(b))).append(' ').append(Integer.signum(b.compareTo(a))).append('\n');
        }
        System.out.print(out);
    }
}
