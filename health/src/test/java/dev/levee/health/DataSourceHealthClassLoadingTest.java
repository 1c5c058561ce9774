package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.levee.health.checks.DataSourceHealthCheck;
import dev.levee.testkit.LogCapture;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HikariCP is optional: the check of a plain data source must never load a HikariCP class. Here the
 * health classes are loaded by a class loader of their own that hides HikariCP and records every
 * class they ask for, as a service without HikariCP on its class path would load them.
 */
class DataSourceHealthClassLoadingTest {
  private static final String CHECK = "dev.levee.health.checks.DataSourceHealthCheck";

  private final JdbcDataSource plain = new JdbcDataSource();
  private HikariDataSource hikari;

  DataSourceHealthClassLoadingTest() {
    plain.setURL("jdbc:h2:mem:classloading;DB_CLOSE_DELAY=-1");
    plain.setUser("sa");
  }

  @AfterEach
  void close() {
    if (hikari != null) {
      hikari.close();
    }
  }

  private HikariDataSource hikari() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(plain);
    config.setPoolName("loading-pool");
    config.setMaximumPoolSize(1);
    hikari = new HikariDataSource(config);
    return hikari;
  }

  /**
   * Loads {@code dev.levee.health.*} itself, from the module's classes, and everything else through
   * its parent, except HikariCP, which it refuses. Records the names its classes ask for.
   */
  static final class WithoutHikari extends URLClassLoader {
    final Set<String> asked = ConcurrentHashMap.newKeySet();

    WithoutHikari() {
      super(
          new URL[] {
            DataSourceHealthCheck.class.getProtectionDomain().getCodeSource().getLocation()
          },
          DataSourceHealthClassLoadingTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      asked.add(name);
      if (name.startsWith("com.zaxxer.hikari.")) {
        throw new ClassNotFoundException(name + " (HikariCP is hidden from this class loader)");
      }
      if (!name.startsWith("dev.levee.health.")) {
        return super.loadClass(name, resolve);
      }
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = findClass(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }

    /** Builds the check of {@code dataSource} with this loader's classes, runs it once. */
    Object checkOnce(DataSource dataSource) throws Exception {
      Class<?> check = Class.forName(CHECK, true, this);
      assertThat(check.getClassLoader()).isSameAs(this);
      Object builder = check.getMethod("builder", DataSource.class).invoke(null, dataSource);
      Object built = builder.getClass().getMethod("build").invoke(builder);
      return check.getMethod("check").invoke(built);
    }

    boolean askedForHikari() {
      return asked.stream()
          .anyMatch(
              n ->
                  n.startsWith("com.zaxxer.") || n.startsWith("dev.levee.health.internal.hikari."));
    }
  }

  private static String status(Object result) throws Exception {
    return result.getClass().getMethod("status").invoke(result).toString();
  }

  private static Map<?, ?> data(Object result) throws Exception {
    return (Map<?, ?>) result.getClass().getMethod("data").invoke(result);
  }

  @Test
  void aPlainDataSourceIsCheckedWithoutLoadingAnyHikariClass() throws Exception {
    try (WithoutHikari loader = new WithoutHikari()) {
      Object result = loader.checkOnce(plain);
      assertThat(status(result)).isEqualTo("UP");
      assertThat(data(result)).as("no pool figures").isEmpty();
      assertThat(loader.asked)
          .as("the check ran on this loader's classes, pool detection included")
          .contains(CHECK, "dev.levee.health.internal.PoolView");
      assertThat(loader.askedForHikari())
          .as("HikariCP classes asked for by a plain data source's check: %s", loader.asked)
          .isFalse();
    }
  }

  @Test
  void theLoaderSeesAHikariClassWhenTheCheckReachesForOne() throws Exception {
    // The control for the test above: a HikariCP pool takes the check down the path that loads
    // HikariCP, and this loader sees it. HikariCP being hidden, the check falls back to checking
    // the pool as a plain data source, and says so.
    HikariDataSource pool = hikari();
    try (WithoutHikari loader = new WithoutHikari();
        LogCapture log = LogCapture.of(CHECK)) {
      Object result = loader.checkOnce(pool);
      assertThat(loader.askedForHikari()).isTrue();
      assertThat(loader.asked).contains("com.zaxxer.hikari.HikariDataSource");
      assertThat(status(result)).isEqualTo("UP");
      assertThat(data(result)).isEmpty();
      assertThat(log.lines())
          .singleElement()
          .satisfies(
              l -> {
                assertThat(l.level()).isEqualTo("WARN");
                assertThat(l.message())
                    .startsWith(
                        "health: com.zaxxer.hikari.HikariDataSource is a HikariCP pool that"
                            + " levee-health cannot read (java.lang.NoClassDefFoundError");
              });
    }
  }

  @Test
  void withHikariAtHandAPoolGetsItsFiguresAndAPlainDataSourceNone() {
    HealthResult pooled = DataSourceHealthCheck.builder(hikari()).build().check();
    assertThat(pooled.status()).isEqualTo(Status.UP);
    assertThat(pooled.data())
        .containsEntry("pool", "loading-pool")
        .containsKeys("active", "idle", "total", "threads_awaiting");
    HealthResult direct = DataSourceHealthCheck.builder(plain).build().check();
    assertThat(direct.status()).isEqualTo(Status.UP);
    assertThat(direct.data()).isEmpty();
  }

  @Test
  void recoveryNeedsAPoolToEvict() {
    assertThatThrownBy(() -> DataSourceHealthCheck.builder(plain).recoverAfter(2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "data source check: recoverAfter needs a HikariCP pool to soft-evict, and"
                + " org.h2.jdbcx.JdbcDataSource is not one (pass the pool itself, not a wrapper)");
    assertThat(DataSourceHealthCheck.builder(hikari()).recoverAfter(2).build()).isNotNull();
  }
}
