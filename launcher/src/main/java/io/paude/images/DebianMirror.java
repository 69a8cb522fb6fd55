package io.paude.images;

import io.paude.runtime.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the Debian mirror the host's apt already uses, so debootstrap fetches from the same place. */
final class DebianMirror {
    private DebianMirror() {
    }

    static String fromHost(Path aptDir) {
        String env = System.getenv("PAUDE_DEBIAN_MIRROR");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        List<Path> files = new ArrayList<>();
        files.add(aptDir.resolve("sources.list"));
        try (Stream<Path> s = Files.list(aptDir.resolve("sources.list.d"))) {
            s.filter(p -> p.toString().endsWith(".sources") || p.toString().endsWith(".list")).sorted().forEach(files::add);
        } catch (IOException e) {
            // no sources.list.d
        }
        for (Path f : files) {
            Optional<String> url = mirrorIn(f);
            if (url.isPresent()) {
                return url.get();
            }
        }
        throw new EngineException("no Debian mirror found in " + aptDir, "pass --mirror URL or set PAUDE_DEBIAN_MIRROR");
    }

    static Optional<String> mirrorIn(Path file) {
        try {
            for (String line : Files.readAllLines(file)) {
                String l = line.strip();
                String url = null;
                if (l.startsWith("URIs:")) {
                    url = l.substring(5).strip().split("\\s+")[0];
                } else if (l.startsWith("deb ")) {
                    for (String part : l.split("\\s+")) {
                        if (part.startsWith("http")) {
                            url = part;
                            break;
                        }
                    }
                }
                if (url != null && url.matches("https?://.*/debian/?") ) {
                    return Optional.of(url);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
