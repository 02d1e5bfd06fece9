package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page's JavaScript units (MD5, digest, chunk codec, message assembly, URIs) run in headless
 * Chromium: the test page under {@code webtest/} imports the relay's page modules and reports each
 * test's outcome.
 */
@Timeout(180)
class BrowserCodecTest {

    @Test
    void theJavaScriptUnitTestsPassInChromium() throws Exception {
        try (Chromium chromium = Chromium.start();
                StaticFiles files = new StaticFiles(Map.of("/web/", "org/msrp4j/relay/web/",
                        "/webtest/", "org/msrp4j/relay/webtest/"))) {
            chromium.driver().get(files.base() + "/webtest/test.html");
            new WebDriverWait(chromium.driver(), Duration.ofSeconds(120)).until(d -> chromium.driver()
                    .executeScript("return window.msrpTestResults !== undefined"));
            @SuppressWarnings("unchecked")
            Map<String, Object> results = (Map<String, Object>) chromium.driver()
                    .executeScript("return window.msrpTestResults");
            assertThat(results.get("failed")).as("failed JavaScript tests; browser console:%n%s", chromium.console())
                    .isEqualTo(List.of());
            assertThat((List<?>) results.get("passed")).as("JavaScript tests passed").hasSizeGreaterThanOrEqualTo(19);
        }
    }
}
