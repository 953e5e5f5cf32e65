package io.compressnet.devstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that shares one {@link DevStack} (broker, registry, topics) among all test
 * classes of a test JVM. It is started on first use and closed when the JUnit root context closes
 * (and, should that not happen, by the registry's shutdown hook).
 *
 * <pre>{@code
 * @ExtendWith(DevStackExtension.class)
 * class MyIT {
 *   @Test
 *   void shouldRoundTrip(DevStack stack) {
 *     var props = Map.of("bootstrap.servers", stack.bootstrapServers(),
 *                        "schema.registry.url", stack.registryUrl());
 *   }
 * }
 * }</pre>
 *
 * <p>Tests that stop or restart the broker must start their own {@link EmbeddedKafka} instead.
 */
public final class DevStackExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DevStackExtension.class);

  /** The shared stack, started on first call. */
  public static DevStack devStack(ExtensionContext context) {
    // Root store: lives as long as the whole test run; DevStack is AutoCloseable, so JUnit
    // closes it when the run ends.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(DevStack.class, key -> DevStack.start(), DevStack.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == DevStack.class || type == EmbeddedKafka.class || type == LocalRegistry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    DevStack stack = devStack(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == EmbeddedKafka.class) {
      return stack.kafka();
    }
    if (type == LocalRegistry.class) {
      return stack.registry();
    }
    return stack;
  }
}
