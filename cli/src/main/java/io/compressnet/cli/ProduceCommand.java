package io.compressnet.cli;

import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSet;
import io.compressnet.imaging.data.ImageSource;
import io.compressnet.imaging.data.LabelledImages;
import io.compressnet.schemas.Topics;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.registry.RegistryClientConfig;
import io.compressnet.schemas.registry.RestSchemaRegistryClient;
import io.compressnet.schemas.registry.SchemaRegistryClient;
import io.compressnet.schemas.serde.SpecificAvroSerde;
import io.compressnet.streams.ServiceConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compressnet produce}: replays IDX images into images.raw as ImageEvents. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
      "Replays images (an IDX file, or a folder or glob of PNG/JPEG files) into images.raw as"
          + " ImageEvents keyed by id (<data name>-<index>-<run>, e.g. emnist-0-1a2b3c4d), with"
          + " labels when the source has them (an IDX labels file, or one subfolder per class).",
    })
final class ProduceCommand implements Callable<Integer> {

  @Option(
      names = "--images",
      required = true,
      paramLabel = "SOURCE",
      description = "The images. " + ImageSourceOptions.SOURCE_HELP)
  String images;

  @Mixin ImageSourceOptions imageSources;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description =
          "For an IDX source: the idx1-ubyte(.gz) labels file (default: beside the images, if"
              + " present).")
  Path labels;

  @Option(
      names = "--rate",
      paramLabel = "N",
      description = "Images per second (default 0: as fast as possible).")
  double rate;

  @Option(names = "--limit", paramLabel = "N", description = "Send at most N images (0: all).")
  int limit;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers.")
  String bootstrapServers;

  @Option(names = "--schema-registry-url", paramLabel = "URL", description = "Schema Registry URL.")
  String registryUrl;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with Kafka producer / registry settings.")
  Path configFile;

  @Option(names = "--topic", paramLabel = "T", description = "Target topic (images.raw).")
  String topic = Topics.IMAGES_RAW;

  @Option(names = "--source", paramLabel = "NAME", description = "ImageEvent source name.")
  String source = "compressnet-produce";

  @Option(names = "--no-progress", description = "Do not draw a progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    ServiceConfig config =
        ServiceConfig.loader()
            .environment(System.getenv())
            .configFile(configFile)
            .override("bootstrap.servers", bootstrapServers)
            .override("schema.registry.url", registryUrl)
            .load();
    ImageSource imageSource = imageSources.source(images);
    LabelledImages read =
        withLabelsFile(imageSource, imageSource.read(limit, new ReadProgressBar()));
    ImageSet set = read.images();
    String idPrefix = imageSource.datasetName();
    String run = HexFormat.of().formatHex(SecureRandom.getSeed(4));
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (SchemaRegistryClient registry =
            new RestSchemaRegistryClient(RegistryClientConfig.fromProperties(config.values()));
        KafkaProducer<String, ImageEvent> producer =
            new KafkaProducer<>(
                producerProperties(config),
                new StringSerializer(),
                new SpecificAvroSerde<>(
                        registry,
                        ImageEvent.class,
                        config.getBoolean(ServiceConfig.AUTO_REGISTER_SCHEMAS))
                    .serializer());
        ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName(topic)
                .setInitialMax(set.size())
                .setUnit(" img", 1)
                .setConsumer(
                    noProgress
                        ? new me.tongfei.progressbar.DelegatingProgressBarConsumer(s -> {})
                        : new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build()) {
      long start = System.nanoTime();
      for (int i = 0; i < set.size() && failure.get() == null; i++) {
        pace(start, i);
        String id = String.format("%s-%d-%s", idPrefix, i, run);
        ImageEvent event =
            ImageEvent.newBuilder()
                .setId(id)
                .setSource(source)
                .setCapturedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setWidth(set.width())
                .setHeight(set.height())
                .setChannels(set.channels())
                .setPixels(ByteBuffer.wrap(set.images()[i]))
                .setLabel(read.labelText(i))
                .build();
        producer.send(
            new ProducerRecord<>(topic, id, event),
            (meta, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              } else {
                bar.step();
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      System.err.println("produce failed: " + failure.get());
      return 1;
    }
    System.err.printf(
        "sent %d images to %s (ids %s-<index>-%s)%n", set.size(), topic, idPrefix, run);
    return 0;
  }

  /** The source's own labels, or those of the --labels file. */
  private LabelledImages withLabelsFile(ImageSource source, LabelledImages read) throws Exception {
    if (labels == null) {
      return read;
    }
    if (!source.isIdx()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--labels applies to IDX sources only; " + images + " is not one");
    }
    return IdxReader.labelled(read.images(), IdxReader.readLabels(labels, read.images().size()));
  }

  private void pace(long start, int index) throws InterruptedException {
    if (rate <= 0) {
      return;
    }
    long due = start + (long) (index * 1e9 / rate);
    long wait = due - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private static Properties producerProperties(ServiceConfig config) {
    Properties props = new Properties();
    for (Map.Entry<String, String> e : config.values().entrySet()) {
      if (!io.compressnet.streams.ConfigKey.isCompressNetKey(e.getKey())
          && !e.getKey().equals("application.id")
          && !e.getKey().equals("processing.guarantee")
          && !e.getKey().equals("num.stream.threads")) {
        props.put(e.getKey(), e.getValue());
      }
    }
    props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    return props;
  }
}
