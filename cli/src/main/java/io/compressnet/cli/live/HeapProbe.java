package io.compressnet.cli.live;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Heap in use of the benchmark's child JVMs, read over JMX: the attach API starts each child's
 * local (127.0.0.1-only, same user) management agent once, then every reading is one MBean call.
 * Cheaper than a {@code jcmd} process per sample, and needs no flag on the children, so they run
 * exactly as a user starts them. Where attaching fails (a JRE without {@code jdk.attach}, a process
 * that is gone) the heap is reported as unknown (-1) and never retried.
 */
final class HeapProbe implements AutoCloseable {

  private final Map<Long, JMXConnector> connectors = new HashMap<>();
  private final Map<Long, MemoryMXBean> beans = new HashMap<>();
  private final Set<Long> failed = new HashSet<>();

  /** Heap bytes in use by {@code pid}, or -1 when unknown. */
  long heapUsedBytes(long pid) {
    if (pid == ProcessHandle.current().pid()) {
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
    if (failed.contains(pid)) {
      return -1;
    }
    try {
      MemoryMXBean bean = beans.get(pid);
      if (bean == null) {
        bean = connect(pid);
      }
      return bean.getHeapMemoryUsage().getUsed();
    } catch (Exception | LinkageError e) {
      failed.add(pid);
      closeConnector(pid);
      return -1;
    }
  }

  private MemoryMXBean connect(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
    connectors.put(pid, connector);
    MemoryMXBean bean =
        ManagementFactory.newPlatformMXBeanProxy(
            connector.getMBeanServerConnection(),
            ManagementFactory.MEMORY_MXBEAN_NAME,
            MemoryMXBean.class);
    beans.put(pid, bean);
    return bean;
  }

  private void closeConnector(long pid) {
    beans.remove(pid);
    JMXConnector connector = connectors.remove(pid);
    if (connector != null) {
      try {
        connector.close();
      } catch (IOException ignored) {
        // The process is gone or going; nothing to release on our side.
      }
    }
  }

  @Override
  public void close() {
    for (Long pid : Set.copyOf(connectors.keySet())) {
      closeConnector(pid);
    }
  }
}
