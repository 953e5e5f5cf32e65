package io.compressnet.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.compressnet.schemas.avro.QualityWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loads the dashboard in headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM) against a
 * dashboard whose monitor was fed real records, and checks the rendered DOM: the charts, their
 * latest values, the alert table and the image strip with loaded PNGs. Skipped where Chromium is
 * not installed.
 */
class DashboardBrowserTest {
  private static DashboardTestData data;
  private static String dom;

  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  @BeforeAll
  static void loadPage() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      return; // each test is reported as skipped, with the reason, by requireChromium()
    }
    Path chromium = CHROMIUM;
    data = new DashboardTestData();
    dom = dumpDom(chromium, data.url("/"));
    String screenshot = System.getenv("DASHBOARD_SCREENSHOT");
    if (screenshot != null) {
      // For a human look: DASHBOARD_SCREENSHOT=/tmp/dashboard.png mvn test
      // -Dtest=DashboardBrowserTest
      run(
          chromium,
          List.of("--window-size=1400,1800", "--screenshot=" + screenshot, data.url("/")));
    }
  }

  @BeforeEach
  void requireChromium() {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "SKIPPED: headless Chromium not found at "
            + CHROMIUM
            + " (install Debian's chromium, or set CHROMIUM to its path)");
  }

  @AfterAll
  static void stop() {
    if (data != null) {
      data.close();
    }
  }

  /** Runs Chromium headless until the page's virtual time budget is spent and returns the DOM. */
  static String dumpDom(Path chromium, String url) throws IOException, InterruptedException {
    return run(chromium, List.of("--dump-dom", url));
  }

  private static String run(Path chromium, List<String> args)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("chromium-profile");
    Path out = Files.createTempFile("dom", ".html");
    Path err = Files.createTempFile("chromium", ".log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=3000"));
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        throw new AssertionError("chromium did not finish in 90 s; log: " + Files.readString(err));
      }
    } finally {
      p.destroyForcibly();
    }
    String html = Files.readString(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0 || (args.contains("--dump-dom") && html.isBlank())) {
      throw new AssertionError(
          "chromium exit " + p.exitValue() + "; log: " + Files.readString(err));
    }
    return html;
  }

  @Test
  void shouldDrawEveryChartWithTheLatestWindowValue() {
    List<QualityWindow> windows = data.fixture.stats.windows(MonitorFixture.MODEL, "time");
    QualityWindow last = windows.get(windows.size() - 1);
    for (String metric :
        List.of("meanSsim", "aggregatePsnr", "latencyP99Ms", "missingRatio", "compressionRatio")) {
      String svg = element("svg", "data-metric=\"" + metric + "\"");
      assertThat(svg).as(metric).contains("data-model=\"" + MonitorFixture.MODEL + "\"");
      assertThat(svg).as(metric).contains("data-points=\"" + windows.size() + "\"");
      assertThat(svg)
          .as(metric)
          .containsPattern("<polyline class=\"line\" points=\"[0-9., ]{20,}\"");
    }
    assertThat(latest("meanSsim"))
        .isEqualTo(String.format(Locale.ROOT, "%.4f", last.getMeanSsim()));
    assertThat(latest("aggregatePsnr"))
        .isEqualTo(String.format(Locale.ROOT, "%.2f", last.getAggregatePsnr()));
    assertThat(latest("latencyP99Ms"))
        .isEqualTo(String.format(Locale.ROOT, "%.0f", last.getLatencyP99Ms()));
    assertThat(latest("compressionRatio")).isEqualTo("24.5");
    // the SSIM chart shows the 0.95 threshold line
    assertThat(element("svg", "data-metric=\"meanSsim\"")).contains("data-threshold=\"0.95\"");
  }

  @Test
  void shouldShowSummaryTilesAndAlerts() {
    assertThat(dom).contains("id=\"summary-count\" data-value=\"" + DashboardTestData.PAIRS + "\"");
    assertThat(dom).contains("id=\"summary-compressionRatio\" data-value=\"24.5\"");
    assertThat(dom).contains("id=\"summary-missing\" data-value=\"1\"");
    assertThat(dom).containsPattern("<tr class=\"FIRING\" data-rule=\"ssim-min\"");
    assertThat(dom).containsPattern("<tr class=\"RESOLVED\" data-rule=\"ssim-min\"");
    assertThat(dom).contains("class=\"status ok\"");
  }

  @Test
  void shouldShowImageStripWithLoadedOriginalsBesideReconstructions() {
    Matcher figures =
        Pattern.compile(
                "<figure class=\"pair\" data-id=\"([^\"]+)\" data-ssim=\"([^\"]+)\">(.*?)</figure>",
                Pattern.DOTALL)
            .matcher(dom);
    List<String> ids = new ArrayList<>();
    while (figures.find()) {
      ids.add(figures.group(1));
      String body = figures.group(3);
      int s = Integer.parseInt(figures.group(1).substring(4));
      boolean bad = DashboardTestData.isBad(s);
      assertThat(figures.group(2))
          .isEqualTo(
              bad
                  ? String.format(
                      Locale.ROOT,
                      "%.4f",
                      data.fixture.stats.image(figures.group(1)).quality().getSsim())
                  : "1.0000");
      // both PNGs decoded by the browser at 3x (84 px wide)
      assertThat(body).containsPattern("<img[^>]*class=\"original\"[^>]*data-loaded=\"84\"");
      assertThat(body).containsPattern("<img[^>]*class=\"reconstructed\"[^>]*data-loaded=\"84\"");
      assertThat(body).contains("SSIM " + figures.group(2));
    }
    // newest first, the last 50 kept
    assertThat(ids).hasSize(50);
    assertThat(ids.get(0)).isEqualTo("img-199");
    assertThat(ids.get(49)).isEqualTo("img-150");
  }

  private static String element(String tag, String attribute) {
    Matcher m =
        Pattern.compile(
                "<" + tag + "[^>]*" + Pattern.quote(attribute) + "[^>]*>.*?</" + tag + ">",
                Pattern.DOTALL)
            .matcher(dom);
    assertThat(m.find()).as("<%s %s> in the DOM", tag, attribute).isTrue();
    return m.group();
  }

  private static String latest(String metric) {
    Matcher m =
        Pattern.compile("data-latest=\"([^\"]*)\"")
            .matcher(element("svg", "data-metric=\"" + metric + "\""));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
