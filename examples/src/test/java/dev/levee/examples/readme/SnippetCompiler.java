package dev.levee.examples.readme;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the snippets of a Markdown file in-process with {@code javax.tools} against a class
 * path, and reports each problem with the Markdown line it comes from.
 *
 * <p>A fragment (statements) is compiled as the body of {@code void snippet() throws Throwable} in
 * a class of its own package, whose members are the snippet comment's declarations. A class block
 * is compiled as it is, followed by the comment's declarations. Every unit imports, on demand,
 * Levee's API packages (those on the class path: every package a module exports, and every package
 * of a jar without a module descriptor that has no {@code internal} segment; never the build's own
 * {@code dev.levee.testkit} and {@code dev.levee.examples}) and {@link #JDK_PACKAGES}. Deprecated
 * API in a snippet is an error.
 */
final class SnippetCompiler {
  /** The JDK packages a snippet uses without showing an import. */
  static final List<String> JDK_PACKAGES =
      List.of(
          "java.io",
          "java.net",
          "java.nio.file",
          "java.time",
          "java.util",
          "java.util.concurrent",
          "java.util.function");

  private static final Set<String> NOT_API = Set.of("dev.levee.testkit", "dev.levee.examples");
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "^public\\s+(?:final\\s+|abstract\\s+|sealed\\s+|non-sealed\\s+)*"
              + "(?:class|record|interface|enum|@interface)\\s+(\\w+).*");

  private final List<Path> classpath;
  private final SortedSet<String> implicitPackages;

  private SnippetCompiler(List<Path> classpath) {
    this.classpath = List.copyOf(classpath);
    this.implicitPackages = new TreeSet<>(JDK_PACKAGES);
    this.implicitPackages.addAll(leveeApiPackages(classpath));
  }

  /** A compiler against this JVM's class path (under Surefire: the module's test class path). */
  static SnippetCompiler onTestClasspath() {
    List<Path> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry));
      }
    }
    return new SnippetCompiler(entries);
  }

  /** The packages every snippet imports on demand. */
  SortedSet<String> implicitPackages() {
    return new TreeSet<>(implicitPackages);
  }

  /**
   * Compiles the snippets together.
   *
   * @param file the Markdown file's name, for the messages
   * @param output where the class files go
   * @return one message per problem, empty when every snippet compiles: {@code FILE:LINE (```java
   *     block at line N): <the compiler's message>}, then the offending line
   */
  List<String> compile(String file, List<Snippet> snippets, Path output) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run the build on a JDK, not a JRE");
    }
    List<Unit> units = new ArrayList<>();
    for (Snippet snippet : snippets) {
      units.add(unit(snippet));
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<String> options =
        List.of(
            "--release",
            "17",
            "-proc:none",
            "-implicit:none",
            "-Xlint:deprecation,removal",
            "-Werror",
            "-d",
            output.toString());
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      files.setLocationFromPaths(javax.tools.StandardLocation.CLASS_PATH, classpath);
      javac.getTask(null, files, diagnostics, options, null, units).call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.NOTE
          || d.getKind() == Diagnostic.Kind.OTHER
          || "compiler.err.warnings.and.werror".equals(d.getCode())) {
        continue; // the warnings themselves are reported
      }
      if (d.getSource() instanceof Unit unit) {
        problems.add(unit.describe(file, d));
      } else if (d.getKind() == Diagnostic.Kind.ERROR && problems.isEmpty()) {
        problems.add(file + ": " + d.getMessage(Locale.ROOT));
      }
    }
    return problems;
  }

  private Unit unit(Snippet snippet) {
    String pkg = "readme.l" + snippet.fenceLine();
    Snippet.Line wrapper = new Snippet.Line(snippet.fenceLine(), null);
    Unit.Builder b = new Unit.Builder();
    b.add(wrapper, "package " + pkg + ";");
    for (Snippet.Line line : snippet.context()) {
      if (line.text().startsWith("import ")) {
        b.add(line, line.text());
      }
    }
    for (Snippet.Line line : snippet.imports()) {
      b.add(line, line.text());
    }
    for (String implicit : implicitPackages) {
      b.add(wrapper, "import " + implicit + ".*;");
    }
    List<Snippet.Line> members = new ArrayList<>();
    for (Snippet.Line line : snippet.context()) {
      if (!line.text().startsWith("import ")) {
        members.add(line);
      }
    }
    String name = "Snippet";
    if (snippet.isClass()) {
      for (Snippet.Line line : snippet.body()) {
        Matcher m = PUBLIC_TYPE.matcher(line.text().strip());
        if (m.matches()) {
          name = m.group(1);
          break;
        }
      }
      snippet.body().forEach(line -> b.add(line, line.text()));
      members.forEach(line -> b.add(line, line.text()));
    } else {
      b.add(wrapper, "final class Snippet {");
      members.forEach(line -> b.add(line, line.text()));
      b.add(wrapper, "void snippet() throws Throwable {");
      snippet.body().forEach(line -> b.add(line, line.text()));
      b.add(wrapper, "}");
      b.add(wrapper, "}");
    }
    return b.build(snippet, pkg.replace('.', '/') + "/" + name + ".java");
  }

  /** Levee's API packages on a class path: see the class comment. */
  static SortedSet<String> leveeApiPackages(List<Path> classpath) {
    SortedSet<String> packages = new TreeSet<>();
    for (Path entry : classpath) {
      try {
        if (Files.isDirectory(entry)) {
          packages.addAll(fromDirectory(entry));
        } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
          packages.addAll(fromJar(entry));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("reading class path entry " + entry, e);
      }
    }
    packages.removeIf(p -> NOT_API.stream().anyMatch(n -> p.equals(n) || p.startsWith(n + ".")));
    return packages;
  }

  private static Set<String> fromDirectory(Path dir) throws IOException {
    Path descriptor = dir.resolve("module-info.class");
    if (Files.isRegularFile(descriptor)) {
      try (InputStream in = Files.newInputStream(descriptor)) {
        return exported(ModuleDescriptor.read(in));
      }
    }
    Set<String> packages = new TreeSet<>();
    Path levee = dir.resolve("dev/levee");
    if (Files.isDirectory(levee)) {
      try (Stream<Path> walk = Files.walk(levee)) {
        walk.filter(p -> p.toString().endsWith(".class"))
            .map(
                p ->
                    dir.relativize(p.getParent())
                        .toString()
                        .replace(dir.getFileSystem().getSeparator(), "."))
            .forEach(p -> addIfApi(packages, p));
      }
    }
    return packages;
  }

  private static Set<String> fromJar(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      JarEntry descriptor = file.getJarEntry("module-info.class");
      if (descriptor != null) {
        try (InputStream in = file.getInputStream(descriptor)) {
          return exported(ModuleDescriptor.read(in));
        }
      }
      Set<String> packages = new TreeSet<>();
      for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (name.startsWith("dev/levee/") && name.endsWith(".class")) {
          addIfApi(packages, name.substring(0, name.lastIndexOf('/')).replace('/', '.'));
        }
      }
      return packages;
    }
  }

  private static Set<String> exported(ModuleDescriptor module) {
    Set<String> packages = new TreeSet<>();
    for (ModuleDescriptor.Exports export : module.exports()) {
      if (!export.isQualified() && export.source().startsWith("dev.levee.")) {
        packages.add(export.source());
      }
    }
    return packages;
  }

  private static void addIfApi(Set<String> packages, String pkg) {
    if (!List.of(pkg.split("\\.")).contains("internal")) {
      packages.add(pkg);
    }
  }

  /** A generated compilation unit that knows which Markdown line each of its lines came from. */
  private static final class Unit extends SimpleJavaFileObject {
    private final Snippet snippet;
    private final String code;
    private final List<Snippet.Line> origins;

    private Unit(Snippet snippet, String path, String code, List<Snippet.Line> origins) {
      super(URI.create("string:///" + path), Kind.SOURCE);
      this.snippet = snippet;
      this.code = code;
      this.origins = origins;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }

    String describe(String file, Diagnostic<? extends JavaFileObject> d) {
      long line = d.getLineNumber();
      Snippet.Line origin =
          line >= 1 && line <= origins.size()
              ? origins.get((int) line - 1)
              : new Snippet.Line(snippet.fenceLine(), null);
      StringBuilder out = new StringBuilder();
      out.append(file).append(':').append(origin.number());
      out.append(" (```java block at line ").append(snippet.fenceLine()).append("): ");
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        out.append("warning: ");
      }
      out.append(d.getMessage(Locale.ROOT));
      out.append(
          origin.text() == null
              ? "\n    (in the code the build wraps the block in)"
              : "\n    > " + origin.text().strip());
      return out.toString();
    }

    private static final class Builder {
      private final StringBuilder code = new StringBuilder();
      private final List<Snippet.Line> origins = new ArrayList<>();

      void add(Snippet.Line origin, String text) {
        code.append(text).append('\n');
        origins.add(origin);
      }

      Unit build(Snippet snippet, String path) {
        return new Unit(snippet, path, code.toString(), List.copyOf(origins));
      }
    }
  }
}
