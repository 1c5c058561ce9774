package dev.levee.examples.spring;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The orders service: Spring Boot's web server and Actuator, HikariCP on an H2 server of its own,
 * and Levee from {@code levee-spring-boot}, configured in {@code application.yml}. With {@code
 * --chaos} it also sends itself orders and takes its database away and back ({@link ChaosRun}).
 *
 * <pre>
 * java -jar examples/spring-boot/target/levee-spring-boot-demo.jar --chaos
 * </pre>
 */
@SpringBootApplication
public class OrdersApplication {
  /** Spring Boot makes it. */
  public OrdersApplication() {}

  /**
   * Starts the database, then the application.
   *
   * @param args Spring Boot's arguments, and {@code --chaos}
   * @throws Exception if the database cannot start
   */
  public static void main(String[] args) throws Exception {
    OrderDatabase db = OrderDatabase.start();
    SpringApplication app = new SpringApplication(OrdersApplication.class);
    app.setDefaultProperties(
        Map.of(
            "spring.datasource.url", db.url(),
            "spring.datasource.username", "sa",
            "spring.datasource.password", db.password()));
    app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("orderDatabase", db));
    app.run(args);
  }
}
