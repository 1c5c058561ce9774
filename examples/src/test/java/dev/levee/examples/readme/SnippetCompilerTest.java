package dev.levee.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiler catches a broken snippet and says where it is in the Markdown file; snippets that
 * follow the rules compile.
 */
class SnippetCompilerTest {
  private static final SnippetCompiler COMPILER = SnippetCompiler.onTestClasspath();

  /** A sample README: lines 1-29 as numbered in the comments. */
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
          "int broken = \"not a number\";", // 12: the broken line
          "```",
          "<!-- snippet:",
          "  import javax.sql.DataSource;",
          "  DataSource dataSource;",
          "-->",
          "```java",
          "var connection = dataSource.getConnection();", // 19: declared by the comment
          "undeclared.run();", // 20: declared nowhere
          "```",
          "```text",
          "this is not Java and is not compiled", // 23
          "```",
          "```java",
          "public record Order(long id, String item) {", // 26: a class block
          "  public Order { Objects.requireNonNull(item); }",
          "}",
          "```");

  @Test
  void aBrokenSnippetIsReportedWithItsLineAndTheCompilersMessage(@TempDir Path out) {
    List<Snippet> snippets = MarkdownSnippets.extract("SAMPLE.md", SAMPLE);
    assertThat(snippets).hasSize(4);

    List<String> problems = COMPILER.compile("SAMPLE.md", snippets, out);

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0))
        .startsWith("SAMPLE.md:12 (```java block at line 8): incompatible types:")
        .contains("String cannot be converted to int")
        .endsWith("> int broken = \"not a number\";");
    assertThat(problems.get(1))
        .startsWith("SAMPLE.md:20 (```java block at line 18): cannot find symbol")
        .contains("variable undeclared")
        .endsWith("> undeclared.run();");
  }

  @Test
  void snippetsThatFollowTheRulesCompile(@TempDir Path out) {
    List<String> fixed =
        SAMPLE.stream()
            .filter(line -> !line.startsWith("int broken") && !line.startsWith("undeclared"))
            .toList();

    List<String> problems =
        COMPILER.compile("SAMPLE.md", MarkdownSnippets.extract("SAMPLE.md", fixed), out);

    assertThat(problems).isEmpty();
    // Two lines fewer: the class block now opens at line 23.
    assertThat(out.resolve("readme/l23/Order.class")).exists();
  }

  @Test
  void aProblemInTheSnippetCommentIsReportedAtTheCommentsLine(@TempDir Path out) {
    List<Snippet> snippets =
        MarkdownSnippets.extract(
            "SAMPLE.md",
            List.of(
                "<!-- snippet:", "  NoSuchType thing;", "-->", "```java", "thing.run();", "```"));

    assertThat(COMPILER.compile("SAMPLE.md", snippets, out))
        .singleElement()
        .asString()
        .startsWith("SAMPLE.md:2 (```java block at line 4): cannot find symbol")
        .endsWith("> NoSuchType thing;");
  }

  @Test
  void deprecatedApiInASnippetIsAProblem(@TempDir Path out) {
    List<Snippet> snippets =
        MarkdownSnippets.extract(
            "SAMPLE.md", List.of("```java", "Integer boxed = new Integer(42);", "```"));

    assertThat(COMPILER.compile("SAMPLE.md", snippets, out))
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .startsWith("SAMPLE.md:2 (```java block at line 1): warning:")
                    .contains("deprecated"));
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
