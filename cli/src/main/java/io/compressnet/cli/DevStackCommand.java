package io.compressnet.cli;

import io.compressnet.devstack.DevStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code compressnet devstack}: a local broker and schema registry until Ctrl-C. */
@Command(
    name = "devstack",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a local Kafka broker and schema registry until Ctrl-C.",
      "",
      "A single-node KRaft broker runs in this JVM and an Apicurio registry as a child process,"
          + " both on 127.0.0.1; every CompressNet topic is created. Prints the addresses for"
          + " other clients; Ctrl-C stops both cleanly.",
    })
final class DevStackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--kafka-port",
      paramLabel = "N",
      defaultValue = "9092",
      description = "Broker port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      paramLabel = "N",
      defaultValue = "8081",
      description =
          "Registry HTTP port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int registryPort;

  @Option(
      names = "--kafka-log-dir",
      paramLabel = "DIR",
      description = "Keep the broker's data in DIR across runs (default: a temporary directory).")
  Path kafkaLogDir;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "6",
      description = "Partitions per topic. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Override
  public Integer call() throws InterruptedException {
    requireFreePort("--kafka-port", kafkaPort);
    requireFreePort("--registry-port", registryPort);
    if (partitions < 1) {
      throw new ParameterException(spec.commandLine(), "--partitions must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting Kafka broker and Apicurio schema registry ...");
    out.flush();

    DevStack.Options options =
        DevStack.Options.defaults()
            .withKafkaPort(kafkaPort)
            .withRegistryPort(registryPort)
            .withPartitions(partitions);
    if (kafkaLogDir != null) {
      options = options.withKafkaLogDir(kafkaLogDir);
    }
    DevStack stack;
    try {
      stack = DevStack.start(options);
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      spec.commandLine().getErr().println("compressnet devstack: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("Stopping ...");
                  out.flush();
                  stack.close();
                  out.println("Stopped.");
                  out.flush();
                  stopped.countDown();
                },
                "devstack-shutdown"));
    printAddresses(out, stack, options);
    stopped.await();
    return 0;
  }

  private void printAddresses(PrintWriter out, DevStack stack, DevStack.Options options) {
    out.printf(
        "Kafka broker started in %.1f s, schema registry in %.1f s.%n",
        stack.kafka().lastStartupTime().toMillis() / 1000.0,
        stack.registry().startupTime().toMillis() / 1000.0);
    out.println();
    out.println("  bootstrap.servers   = " + stack.bootstrapServers());
    out.println("  schema.registry.url = " + stack.registryUrl());
    out.println();
    out.println("  topics (" + partitions + " partitions): " + String.join(", ", options.topics()));
    out.println("  broker data:   " + stack.kafka().logDir());
    out.println("  registry log:  " + stack.registry().logFile());
    out.println();
    out.println("Try: curl " + stack.registryUrl() + "/subjects");
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  /** A clear message beats a bind exception deep inside the broker or a dead child process. */
  private void requireFreePort(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), option + " must be 0..65535, was " + port);
    }
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      probe.setReuseAddress(true);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Port "
              + port
              + " on 127.0.0.1 is in use; choose another with "
              + option
              + " N (0 = any free port).");
    }
  }
}
