package dev.levee.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class run in a JVM of its own, on the test's class path, with its stdout and
 * stderr read line by line as they come: for tests of what a process does on SIGTERM, at start, or
 * when it exits. Closing it kills the child if it still runs.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Thread outReader;
  private final Thread errReader;

  private ChildJvm(Process process) {
    this.process = process;
    this.outReader = read(process.getInputStream(), stdout, "test-child-stdout");
    this.errReader = read(process.getErrorStream(), stderr, "test-child-stderr");
  }

  /**
   * Starts {@code main} in a new JVM.
   *
   * @param main the class with the {@code main} method
   * @param jvmOptions options for the JVM, such as {@code -Dkey=value}
   * @param args the program's arguments
   * @return the running child
   * @throws IOException if the JVM cannot be started
   */
  public static ChildJvm start(Class<?> main, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).start());
  }

  /**
   * The lines the child printed on stdout so far.
   *
   * @return the lines, a live view
   */
  public List<String> stdout() {
    return stdout;
  }

  /**
   * The lines the child printed on stderr so far.
   *
   * @return the lines, a live view
   */
  public List<String> stderr() {
    return stderr;
  }

  /**
   * Sends SIGTERM (as Kubernetes does) and waits, with a bound, for the child to exit and for the
   * last of its output to be read. Through the process handle: {@link Process#destroy()} would also
   * close this side of the child's pipes, losing what it prints while it shuts down.
   *
   * @param bound how long the child may take to exit
   * @return the child's exit status
   * @throws InterruptedException if interrupted while waiting
   */
  public int sigtermAndWait(Duration bound) throws InterruptedException {
    sigterm();
    return waitForExit(bound);
  }

  /**
   * Sends SIGTERM and returns at once (see {@link #sigtermAndWait}); {@link #waitForExit} waits.
   */
  public void sigterm() {
    assertThat(process.toHandle().destroy()).as("SIGTERM sent").isTrue();
  }

  /**
   * Waits, with a bound, for the child to exit and for the last of its output to be read.
   *
   * @param bound how long the child may take
   * @return the child's exit status
   * @throws InterruptedException if interrupted while waiting
   */
  public int waitForExit(Duration bound) throws InterruptedException {
    assertThat(process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS))
        .as("the child exited within %s; stdout %s; stderr %s", bound, stdout, stderr)
        .isTrue();
    outReader.join(5_000);
    errReader.join(5_000);
    return process.exitValue();
  }

  /** Kills the child if it still runs. */
  @Override
  public void close() {
    process.destroyForcibly();
  }

  private static Thread read(InputStream in, List<String> lines, String name) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException ended) {
                // the child is gone
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
