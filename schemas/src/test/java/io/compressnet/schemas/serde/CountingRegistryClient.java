package io.compressnet.schemas.serde;

import io.compressnet.schemas.registry.RegisteredSchema;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Delegates to another client and counts calls per method, to check the serde's caching. */
final class CountingRegistryClient implements SchemaRegistryClient {
  private final SchemaRegistryClient delegate;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  CountingRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  int calls(String method) {
    AtomicInteger count = calls.get(method);
    return count == null ? 0 : count.get();
  }

  private void count(String method) {
    calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public int register(String subject, Schema schema) {
    count("register");
    return delegate.register(subject, schema);
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    count("lookupId");
    return delegate.lookupId(subject, schema);
  }

  @Override
  public Schema getById(int id) {
    count("getById");
    return delegate.getById(id);
  }

  @Override
  public RegisteredSchema getLatest(String subject) {
    count("getLatest");
    return delegate.getLatest(subject);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    count("isCompatible");
    return delegate.isCompatible(subject, schema);
  }

  @Override
  public String getCompatibility(String subject) {
    return delegate.getCompatibility(subject);
  }

  @Override
  public void setCompatibility(String subject, String level) {
    delegate.setCompatibility(subject, level);
  }

  @Override
  public List<String> subjects() {
    return delegate.subjects();
  }

  @Override
  public void close() {
    count("close");
    delegate.close();
  }
}
