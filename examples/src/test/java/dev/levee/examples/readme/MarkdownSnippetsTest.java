package dev.levee.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which blocks of a Markdown file are snippets, and what each is made of. */
class MarkdownSnippetsTest {
  @Test
  void onlyBlocksFencedAsJavaAreSnippets() {
    List<Snippet> snippets =
        MarkdownSnippets.extract(
            "SAMPLE.md",
            List.of(
                "# Sample", //
                "```sh",
                "mvn -B verify",
                "```",
                "```",
                "t= 10s output, not Java",
                "```",
                "```yaml",
                "key: value",
                "```",
                "```text",
                "pseudo(code) -> of course;",
                "```",
                "~~~java",
                "int tilde = 1;",
                "~~~",
                "  ```java",
                "  int indented = 2;",
                "  ```",
                "```java title=\"with an info string\"",
                "int titled = 3;",
                "```"));

    assertThat(snippets).extracting(Snippet::fenceLine).containsExactly(14, 17, 20);
    assertThat(snippets)
        .extracting(s -> s.body().get(0))
        .containsExactly(
            new Snippet.Line(15, "int tilde = 1;"),
            new Snippet.Line(18, "int indented = 2;"),
            new Snippet.Line(21, "int titled = 3;"));
  }

  @Test
  void leadingImportsAreTheSnippetsImportsAndTheCommentBeforeItIsItsContext() {
    List<Snippet> snippets =
        MarkdownSnippets.extract(
            "SAMPLE.md",
            List.of(
                "Some text.", //
                "<!-- snippet:",
                "  import javax.sql.DataSource;",
                "  DataSource dataSource;",
                "-->",
                "",
                "```java",
                "import java.util.concurrent.atomic.AtomicLong;",
                "",
                "AtomicLong calls = new AtomicLong();",
                "```",
                "<!-- snippet: long id; -->",
                "```java",
                "record Row(long id) {}",
                "```"));

    assertThat(snippets).hasSize(2);
    Snippet first = snippets.get(0);
    assertThat(first.fenceLine()).isEqualTo(7);
    assertThat(first.imports())
        .containsExactly(new Snippet.Line(8, "import java.util.concurrent.atomic.AtomicLong;"));
    assertThat(first.body())
        .containsExactly(new Snippet.Line(10, "AtomicLong calls = new AtomicLong();"));
    assertThat(first.context())
        .containsExactly(
            new Snippet.Line(3, "import javax.sql.DataSource;"),
            new Snippet.Line(4, "DataSource dataSource;"));
    assertThat(first.isClass()).isFalse();

    Snippet second = snippets.get(1);
    assertThat(second.context()).containsExactly(new Snippet.Line(12, "long id;"));
    assertThat(second.isClass()).isTrue();
  }

  @Test
  void aFenceNeverClosedNamesItsLine() {
    assertThatThrownBy(
            () -> MarkdownSnippets.extract("SAMPLE.md", List.of("text", "```java", "int x = 1;")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SAMPLE.md:2: the ```java block is never closed");
  }

  @Test
  void aSnippetCommentMustComeJustBeforeAJavaBlock() {
    assertThatThrownBy(
            () ->
                MarkdownSnippets.extract(
                    "SAMPLE.md",
                    List.of(
                        "<!-- snippet: long id; -->", "A paragraph.", "```java", "id++;", "```")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "SAMPLE.md:1: a snippet comment must be followed by a ```java block");
    assertThatThrownBy(
            () ->
                MarkdownSnippets.extract(
                    "SAMPLE.md", List.of("<!-- snippet: long id; -->", "```yaml", "id: 1", "```")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SAMPLE.md:1: a snippet comment must come just before a ```java block; the block at"
                + " line 2 is yaml");
    assertThatThrownBy(
            () -> MarkdownSnippets.extract("SAMPLE.md", List.of("<!-- snippet:", "long id;")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SAMPLE.md:1: the snippet comment is never closed with -->");
  }
}
