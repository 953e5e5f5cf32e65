package io.compressnet.cli;

import io.compressnet.imaging.data.IdxReader;
import io.compressnet.imaging.data.ImageSource;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --layout} of IDX image sources, shared by every command that reads images, and the one
 * place that turns the user's {@code --images} values into {@link ImageSource}s.
 */
final class ImageSourceOptions {

  /** Help text of an {@code --images} option: what a source can be. */
  static final String SOURCE_HELP =
      "An IDX idx3-ubyte(.gz) file, a directory of PNG/JPEG files (searched recursively; files"
          + " in subfolders are labelled by the subfolder) or a glob such as 'crops/*.png'.";

  @Option(
      names = "--layout",
      paramLabel = "row-major|emnist",
      description =
          "How IDX files store each image: row-major (MNIST, Fashion-MNIST) or emnist"
              + " (transposed, as NIST ships EMNIST). Default: emnist for a file whose name"
              + " contains 'emnist', row-major for any other. PNG and JPEG need none.")
  String layout;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** One source; the layout applies if it is an IDX file. */
  ImageSource source(String location) {
    return sources(List.of(location)).get(0);
  }

  /**
   * The sources, with the layout on the IDX ones; a layout given for sources none of which is IDX
   * is a usage error (it would be silently ignored otherwise).
   */
  List<ImageSource> sources(List<String> locations) {
    IdxReader.Layout chosen = parsedLayout();
    List<ImageSource> sources =
        locations.stream()
            .map(ImageSource::of)
            .map(s -> s.isIdx() ? new ImageSource(s.location(), chosen, 0) : s)
            .toList();
    if (chosen != null && sources.stream().noneMatch(ImageSource::isIdx)) {
      throw new ParameterException(
          mixee.commandLine(),
          "--layout applies to IDX files only, and none of " + locations + " is one");
    }
    return sources;
  }

  private IdxReader.Layout parsedLayout() {
    if (layout == null) {
      return null;
    }
    try {
      return IdxReader.Layout.fromOptionName(layout);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), e.getMessage());
    }
  }
}
