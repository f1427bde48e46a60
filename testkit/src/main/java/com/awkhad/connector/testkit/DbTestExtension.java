package com.awkhad.connector.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/** Provides the per-database invocations of {@link DbTest}. */
public final class DbTestExtension implements TestTemplateInvocationContextProvider {

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getTestMethod(), DbTest.class);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
    DbTest ann = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), DbTest.class).orElseThrow();
    String method = context.getRequiredTestMethod().getName();
    return Arrays.stream(ann.value()).map(d -> invocation(method, d));
  }

  private static TestTemplateInvocationContext invocation(String method, String dialect) {
    return new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int invocationIndex) {
        return "[" + dialect + "]";
      }

      @Override
      public List<Extension> getAdditionalExtensions() {
        return List.of(new ParameterResolver() {
          @Override
          public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == TestDb.class;
          }

          @Override
          public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return TestDatabases.fresh(dialect);
          }
        });
      }
    };
  }
}
