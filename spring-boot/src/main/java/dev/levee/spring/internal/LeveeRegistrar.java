package dev.levee.spring.internal;

import dev.levee.config.Levee;
import dev.levee.core.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Reads the {@code levee.*} properties before any bean is made, so that a mistake fails startup at
 * once, and registers what they describe: the settings themselves, and each named pipeline as a
 * bean of its name ({@code @Qualifier("orders-db") Pipeline}), built by Levee when first asked for.
 */
public final class LeveeRegistrar
    implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanFactoryAware {
  /** The settings' bean name. */
  public static final String SETTINGS = "leveeSettings";

  private static final Logger LOG = LoggerFactory.getLogger(LeveeRegistrar.class);

  private Environment environment;
  private BeanFactory beans;

  /** Creates the registrar (a static bean method does, before other beans). */
  public LeveeRegistrar() {}

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beans = beanFactory;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry)
      throws BeansException {
    LeveeSettings settings = LeveeSettings.read(environment);
    registry.registerBeanDefinition(
        SETTINGS, new RootBeanDefinition(LeveeSettings.class, () -> settings));
    for (String name : settings.config().pipelines().keySet()) {
      if (registry.containsBeanDefinition(name)) {
        LOG.atWarn()
            .addKeyValue("component", "levee")
            .addKeyValue("name", name)
            .log(
                "pipeline \"{}\" is not registered as a bean: a bean of that name exists (inject"
                    + " Levee and call pipeline(\"{}\"))",
                name,
                name);
        continue;
      }
      registry.registerBeanDefinition(
          name,
          new RootBeanDefinition(Pipeline.class, () -> beans.getBean(Levee.class).pipeline(name)));
    }
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
}
