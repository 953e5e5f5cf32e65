package io.compressnet.schemas.serde;

import io.compressnet.schemas.avro.AlertState;
import io.compressnet.schemas.avro.ImageEvent;
import io.compressnet.schemas.avro.ImageQuality;
import io.compressnet.schemas.avro.LatentEncoding;
import io.compressnet.schemas.avro.LatentVector;
import io.compressnet.schemas.avro.QualityAlert;
import io.compressnet.schemas.avro.QualityWindow;
import io.compressnet.schemas.avro.ReconstructedImage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated instance of every generated record type, with non-default values. */
final class SampleRecords {
  static final Instant CAPTURED = Instant.parse("2026-11-27T16:00:00.123Z");

  private SampleRecords() {}

  static ImageEvent imageEvent() {
    return ImageEvent.newBuilder()
        .setId("img-1")
        .setSource("camera-7")
        .setCapturedAt(CAPTURED)
        .setWidth(2)
        .setHeight(2)
        .setPixels(ByteBuffer.wrap(new byte[] {0, 127, (byte) 128, (byte) 255}))
        .setLabel("Q")
        .build();
  }

  static LatentVector latentVector() {
    return LatentVector.newBuilder()
        .setId("img-1")
        .setSource("camera-7")
        .setCapturedAt(CAPTURED)
        .setModelId("emnist-ps32-int8@3f9a2c1e")
        .setWidth(28)
        .setHeight(28)
        .setEncoding(LatentEncoding.FLOAT16)
        .setDims(2)
        .setLatent(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
        .setEncodedAt(CAPTURED.plusMillis(5))
        .build();
  }

  static ReconstructedImage reconstructedImage() {
    return ReconstructedImage.newBuilder()
        .setId("img-1")
        .setSource("camera-7")
        .setCapturedAt(CAPTURED)
        .setModelId("emnist-ps32-int8@3f9a2c1e")
        .setWidth(2)
        .setHeight(2)
        .setPixels(ByteBuffer.wrap(new byte[] {0, 120, (byte) 130, (byte) 250}))
        .setLatentBytes(32)
        .setEncodedAt(CAPTURED.plusMillis(5))
        .setDecodedAt(CAPTURED.plusMillis(9))
        .build();
  }

  static ImageQuality imageQuality() {
    return ImageQuality.newBuilder()
        .setId("img-1")
        .setSource("camera-7")
        .setModelId("emnist-ps32-int8@3f9a2c1e")
        .setCapturedAt(CAPTURED)
        .setMse(0.004)
        .setSsim(0.978)
        .setPsnr(23.98)
        .setRawBytes(784)
        .setLatentBytes(32)
        .setLatencyMs(9)
        .setScoredAt(CAPTURED.plusMillis(11))
        .build();
  }

  static QualityWindow qualityWindow() {
    return QualityWindow.newBuilder()
        .setModelId("emnist-ps32-int8@3f9a2c1e")
        .setKind("count")
        .setWindowStart(CAPTURED)
        .setWindowEnd(CAPTURED.plusSeconds(60))
        .setCount(100)
        .setMissing(2)
        .setMeanMse(0.004)
        .setMeanSsim(0.978)
        .setMinSsim(0.91)
        .setP05Ssim(0.93)
        .setMeanPsnr(24.3)
        .setAggregatePsnr(23.98)
        .setLatencyP50Ms(8.5)
        .setLatencyP99Ms(40.0)
        .setCompressionRatio(24.5)
        .build();
  }

  static QualityAlert qualityAlert() {
    return QualityAlert.newBuilder()
        .setModelId("emnist-ps32-int8@3f9a2c1e")
        .setRule("ssim-min")
        .setState(AlertState.FIRING)
        .setMetric("meanSsim")
        .setValue(0.8)
        .setThreshold(0.9)
        .setWindowStart(CAPTURED)
        .setWindowEnd(CAPTURED.plusSeconds(60))
        .setRaisedAt(CAPTURED.plusSeconds(61))
        .setMessage("mean SSIM 0.80 below 0.90")
        .build();
  }

  static List<SpecificRecord> all() {
    return List.of(
        imageEvent(),
        latentVector(),
        reconstructedImage(),
        imageQuality(),
        qualityWindow(),
        qualityAlert());
  }
}
