package io.compressnet.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ReconstructedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The channels field of ImageEvent and ReconstructedImage, read across schema versions. */
class ChannelsEvolutionTest {

  private static final ImageEvent RGB_EVENT =
      ImageEvent.newBuilder()
          .setId("c-1")
          .setSource("camera")
          .setCapturedAt(Instant.ofEpochMilli(1_000))
          .setWidth(2)
          .setHeight(1)
          .setPixels(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}))
          .setChannels(3)
          .build();

  @Test
  void shouldReadAnImageWrittenBeforeChannelsAsGrayscale() throws IOException {
    // Given a grayscale image written by a producer on the schema without channels
    Schema before = EarlierSchemas.without(ImageEvent.getClassSchema(), "channels");
    ImageEvent gray =
        ImageEvent.newBuilder(RGB_EVENT).setPixels(ByteBuffer.wrap(new byte[] {7, 8})).build();
    byte[] old = EarlierSchemas.write(gray, before);
    // When today's reader reads it
    ImageEvent read =
        new SpecificDatumReader<ImageEvent>(before, ImageEvent.getClassSchema())
            .read(null, DecoderFactory.get().binaryDecoder(old, null));
    // Then
    assertThat(read.getChannels()).isEqualTo(1);
    assertThat(read.getPixels()).isEqualTo(ByteBuffer.wrap(new byte[] {7, 8}));
  }

  @Test
  void shouldLetAReaderOnTheSchemaBeforeChannelsReadANewImage() throws IOException {
    // Given an RGB image written with today's schema
    Schema before = EarlierSchemas.without(ImageEvent.getClassSchema(), "channels");
    // When a consumer still on the older schema reads it
    GenericRecord read = readAs(RGB_EVENT, before);
    // Then it sees every field it knows, the pixels whole
    assertThat(read.get("id").toString()).isEqualTo("c-1");
    assertThat(read.get("pixels")).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}));
    assertThat(read.hasField("channels")).isFalse();
  }

  @Test
  void shouldReadReconstructionsAcrossTheChannelsChangeBothWays() throws IOException {
    ReconstructedImage rgb =
        ReconstructedImage.newBuilder()
            .setId("c-1")
            .setSource("camera")
            .setCapturedAt(Instant.ofEpochMilli(1_000))
            .setModelId("m@1")
            .setWidth(2)
            .setHeight(1)
            .setPixels(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}))
            .setChannels(3)
            .setDecodedAt(Instant.ofEpochMilli(2_000))
            .build();
    Schema before = EarlierSchemas.without(ReconstructedImage.getClassSchema(), "channels");
    // An old monitor reads a new reconstruction
    assertThat(readAs(rgb, before).get("modelId").toString()).isEqualTo("m@1");
    // A new monitor reads an old one as grayscale
    ReconstructedImage read =
        new SpecificDatumReader<ReconstructedImage>(before, ReconstructedImage.getClassSchema())
            .read(
                null, DecoderFactory.get().binaryDecoder(EarlierSchemas.write(rgb, before), null));
    assertThat(read.getChannels()).isEqualTo(1);
  }

  @Test
  void shouldBeBackwardAndForwardCompatibleWithTheSchemaBeforeChannels() {
    for (Schema now :
        new Schema[] {ImageEvent.getClassSchema(), ReconstructedImage.getClassSchema()}) {
      Schema before = EarlierSchemas.without(now, "channels");
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(now, before).getType())
          .as("%s: new reader, old writer", now.getName())
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(before, now).getType())
          .as("%s: old reader, new writer", now.getName())
          .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
  }

  private static GenericRecord readAs(SpecificRecord value, Schema reader) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(value.getSchema()).write(value, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(value.getSchema(), reader)
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
  }
}
