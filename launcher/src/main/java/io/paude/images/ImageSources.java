package io.paude.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The Dockerfiles of {@code images/}, shipped inside the launcher, copied out to a build context. */
final class ImageSources {
    static final String ROOT = "paude-images/";

    private ImageSources() {
    }

    /** Copies {@code paude-images/<name>/} to a fresh directory and returns it. */
    static Path extract(String name, Path into) {
        try {
            Path target = Files.createDirectories(into.resolve(name));
            URL location = ImageSources.class.getProtectionDomain().getCodeSource().getLocation();
            Path source = Path.of(location.toURI());
            if (Files.isDirectory(source)) {
                Path dir = source.resolve(ROOT + name);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalStateException("image sources missing: " + dir);
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path dest = target.resolve(dir.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(dest);
                        } else {
                            Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                        }
                    }
                }
            } else {
                try (JarFile jar = new JarFile(source.toFile())) {
                    String prefix = ROOT + name + "/";
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry e = entries.nextElement();
                        if (!e.getName().startsWith(prefix) || e.isDirectory()) {
                            continue;
                        }
                        Path dest = target.resolve(e.getName().substring(prefix.length()));
                        Files.createDirectories(dest.getParent());
                        try (InputStream in = jar.getInputStream(e)) {
                            Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
                        }
                        if (dest.toString().endsWith(".sh")) {
                            dest.toFile().setExecutable(true, false);
                        }
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
