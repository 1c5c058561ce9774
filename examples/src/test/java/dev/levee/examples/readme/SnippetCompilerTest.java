package dev.levee.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiler catches a broken snippet and says where it is in the Markdown file; snippets that
 * follow the rules compile. (Each compile costs about a second: the sample puts every case in one.)
 */
class SnippetCompilerTest {
  private static final SnippetCompiler COMPILER = SnippetCompiler.onTestClasspath();

  /** A sample README; the comments give the line numbers. */
  private static final List<String> SAMPLE =
      List.of(
          "# Sample", // 1
          "",
          "```java",
          "ErrorCategory category = ErrorCategory.FATAL;", // 4: Levee's API, no import shown
          "Duration timeout = Duration.ofSeconds(2);", // 5: java.time, no import shown
          "```",
          "",
          "```java",
          "import java.util.concurrent.atomic.AtomicLong;", // 9
          "",
          "AtomicLong calls = new AtomicLong();",
          "int broken = \"not a number\";", // 12: broken
          "```",
          "<!-- snippet:",
          "  import javax.sql.DataSource;",
          "  DataSource dataSource;",
          "  NoSuchType thing;", // 17: broken, in the comment
          "-->",
          "```java",
          "var connection = dataSource.getConnection();", // 20: declared by the comment
          "undeclared.run();", // 21: broken, declared nowhere
          "```",
          "```text",
          "this is not Java and is not compiled", // 24
          "```",
          "```java",
          "public record Order(long id, String item) {", // 27: a class block
          "  public Order { Objects.requireNonNull(item); }",
          "}",
          "```",
          "```java",
          "Integer boxed = new Integer(42);", // 32: broken, deprecated API
          "```");

  private static final List<String> BROKEN_LINES =
      List.of(
          "int broken = \"not a number\";",
          "  NoSuchType thing;",
          "undeclared.run();",
          "Integer boxed = new Integer(42);");

  @Test
  void aBrokenSnippetIsReportedWithItsLineAndTheCompilersMessage(@TempDir Path out) {
    List<Snippet> snippets = MarkdownSnippets.extract("SAMPLE.md", SAMPLE);
    assertThat(snippets).extracting(Snippet::fenceLine).containsExactly(3, 8, 19, 26, 31);

    List<String> problems = COMPILER.compile("SAMPLE.md", snippets, out);

    assertThat(problems).hasSize(4);
    assertThat(problems)
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("SAMPLE.md:12 (```java block at line 8): incompatible types:")
                    .contains("String cannot be converted to int")
                    .endsWith("> int broken = \"not a number\";"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("SAMPLE.md:17 (```java block at line 19): cannot find symbol")
                    .contains("class NoSuchType")
                    .endsWith("> NoSuchType thing;"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("SAMPLE.md:21 (```java block at line 19): cannot find symbol")
                    .contains("variable undeclared")
                    .endsWith("> undeclared.run();"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("SAMPLE.md:32 (```java block at line 31): warning:")
                    .contains("deprecated")
                    .endsWith("> Integer boxed = new Integer(42);"));
  }

  @Test
  void snippetsThatFollowTheRulesCompile(@TempDir Path out) {
    List<String> fixed = SAMPLE.stream().filter(line -> !BROKEN_LINES.contains(line)).toList();

    List<String> problems =
        COMPILER.compile("SAMPLE.md", MarkdownSnippets.extract("SAMPLE.md", fixed), out);

    assertThat(problems).isEmpty();
    // Three lines fewer before it: the class block now opens at line 23.
    assertThat(out.resolve("readme/l23/Order.class")).exists();
  }

  @Test
  void leveeApiPackagesAreImportedForEverySnippetButNeverInternalOnes() {
    assertThat(COMPILER.implicitPackages())
        .contains(
            "dev.levee.errors",
            "dev.levee.core",
            "dev.levee.health",
            "dev.levee.health.ratis",
            "dev.levee.metrics.prometheus",
            "dev.levee.config",
            "java.time")
        .noneMatch(p -> p.contains(".internal"))
        .noneMatch(p -> p.startsWith("dev.levee.testkit") || p.startsWith("dev.levee.examples"));
  }
}
