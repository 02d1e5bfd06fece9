package org.msrp4j.relay;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.msrp4j.testing.Interop;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium under Selenium for the browser tests: Debian's {@code chromium} and {@code
 * chromedriver} from the PATH, never a download. When they are missing the test is skipped with the
 * reason, or fails when the environment says {@code MSRP4J_INTEROP=required}.
 */
final class Chromium implements AutoCloseable {

    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts a headless Chromium, or skips (fails under {@code MSRP4J_INTEROP=required}) the calling
     * test when Chromium or its driver is not installed.
     */
    static Chromium start() throws IOException {
        Optional<Path> browser = BROWSERS.stream().map(Chromium::onPath).flatMap(Optional::stream).findFirst();
        Optional<Path> driverBinary = onPath("chromedriver");
        if (browser.isEmpty() || driverBinary.isEmpty()) {
            String problem = "chromium and chromium-driver (no " + (browser.isEmpty()
                    ? String.join("/", BROWSERS) : "chromedriver") + " on the PATH)";
            Interop.requireService(problem + " (apt-get install chromium chromium-driver)", false);
        }
        Path profile = Files.createTempDirectory("msrp4j-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverBinary.get().toFile()).usingAnyFreePort().build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            return new Chromium(driver, profile);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The browser's console messages so far, for a failure's message. */
    String console() {
        StringBuilder out = new StringBuilder();
        try {
            driver.manage().logs().get("browser").forEach(entry -> out.append(entry).append('\n'));
        } catch (RuntimeException e) {
            out.append("(no browser log: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
