package dev.levee.spring.internal;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.util.ClassUtils;

/**
 * Runs each call of a guarded method through the pipeline prepared for it; calls of the bean's
 * other methods go straight through. Thread-safe.
 */
final class ResilientInterceptor implements MethodInterceptor {
  private final ResilientMethods methods;

  ResilientInterceptor(ResilientMethods methods) {
    this.methods = methods;
  }

  @Override
  public Object invoke(MethodInvocation mi) throws Throwable {
    Object target = mi.getThis();
    ResilientCall call =
        methods.find(mi.getMethod(), target == null ? null : ClassUtils.getUserClass(target));
    return call == null ? mi.proceed() : call.invoke(mi);
  }
}
