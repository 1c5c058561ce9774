package dev.levee.spring.internal;

import java.lang.annotation.Annotation;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.util.ClassUtils;

/**
 * Proxies every bean that carries one of the annotations ({@code @Resilient},
 * {@code @CircuitBreaker}, {@code @Retry}, {@code @RateLimiter}, {@code @Bulkhead}, on the class or
 * a method, or on a method of an interface or superclass that the bean's method implements or
 * overrides), after preparing and checking its guarded methods: a problem fails the bean's
 * creation, and so startup. Plain Spring AOP (an advisor and a method interceptor, no AspectJ): the
 * advice is added in front of a bean's existing advisors, so that a retry repeats a transaction
 * rather than running inside one.
 */
public final class ResilientPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {
  private static final long serialVersionUID = 1L;

  private final transient ResilientMethods methods;

  /**
   * Creates the post-processor.
   *
   * @param methods where guarded methods are prepared
   */
  public ResilientPostProcessor(ResilientMethods methods) {
    this.methods = methods;
    ComposablePointcut pointcut = null;
    for (Class<? extends Annotation> a : ResilientMethods.ANNOTATIONS) {
      Pointcut onType = new AnnotationMatchingPointcut(a, true);
      // Inherited too (an interface's method, an overridden superclass method), as
      // ResilientMethods finds them: a method checked as guarded at startup is guarded.
      Pointcut onMethod = new AnnotationMatchingPointcut(null, a, true);
      pointcut =
          pointcut == null
              ? new ComposablePointcut(onType).union(onMethod)
              : pointcut.union(onType).union(onMethod);
    }
    this.advisor = new DefaultPointcutAdvisor(pointcut, new ResilientInterceptor(methods));
    setBeforeExistingAdvisors(true);
    setProxyTargetClass(true);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = ClassUtils.getUserClass(bean);
    methods.prepare(beanName, type);
    return super.postProcessAfterInitialization(bean, beanName);
  }
}
