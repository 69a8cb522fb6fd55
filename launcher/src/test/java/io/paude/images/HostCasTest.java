package io.paude.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCasTest {
    @TempDir
    Path dir;

    @Test
    void theCertificatesAddedByHandAreTrustedInNameOrder() throws Exception {
        Files.writeString(dir.resolve("z-proxy.crt"), "z");
        Files.writeString(dir.resolve("corp.crt"), "c");
        Files.writeString(dir.resolve("README"), "not a certificate");
        Files.createDirectory(dir.resolve("sub.crt"));

        assertThat(ImageBuilder.hostCas(dir)).containsExactly(dir.resolve("corp.crt"), dir.resolve("z-proxy.crt"));
    }

    @Test
    void noDirectoryMeansNoExtraTrust() {
        assertThat(ImageBuilder.hostCas(dir.resolve("missing"))).isEmpty();
    }
}
