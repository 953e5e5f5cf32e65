package io.compressnet.schemas.evolution;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;

/**
 * The schemas as they were before a field was added, derived from today's by removing it, and
 * records written with them: what an old producer sends and an old consumer reads.
 */
public final class EarlierSchemas {

  private EarlierSchemas() {}

  /** {@code schema} without the field {@code added}: the version before it was added. */
  public static Schema without(Schema schema, String added) {
    if (schema.getField(added) == null) {
      throw new IllegalArgumentException(schema.getName() + " has no field " + added);
    }
    List<Schema.Field> fields =
        schema.getFields().stream()
            .filter(f -> !f.name().equals(added))
            .map(f -> new Schema.Field(f, f.schema()))
            .toList();
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  /** The Avro binary of {@code value}'s fields as a writer on {@code older} writes them. */
  public static byte[] write(SpecificRecord value, Schema older) {
    GenericRecord record = new GenericData.Record(older);
    for (Schema.Field field : older.getFields()) {
      Object v = value.get(value.getSchema().getField(field.name()).pos());
      record.put(field.name(), v instanceof Instant instant ? instant.toEpochMilli() : v);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new GenericDatumWriter<GenericRecord>(older).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
