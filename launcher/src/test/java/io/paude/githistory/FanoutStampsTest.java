package io.paude.githistory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FanoutStampsTest {
    private static final String A = "ab/" + "1".repeat(38);
    private static final String B = "ab/" + "2".repeat(38);
    private static final String C = "cd/" + "3".repeat(38);
    private static final String PACK = "pack/pack-" + "4".repeat(40) + ".pack";
    /** A clock a minute ahead: every directory's ctime looks settled. */
    private static final LongSupplier LATER = () -> (System.currentTimeMillis() + 60_000) * 1_000_000L;

    @TempDir
    Path objects;
    @TempDir
    Path store;

    /** After a clock tick (ctime has the kernel's coarse clock; the clock above pretends the rest of the time). */
    private void object(String rel) throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.createDirectories(objects.resolve(rel).getParent());
        Files.writeString(objects.resolve(rel), "x");
    }

    private java.util.List<String> backUp(LongSupplier clock) throws IOException {
        FanoutStamps s = FanoutStamps.read(store.resolve(FanoutStamps.FILE), clock);
        var listed = s.changedObjectFiles(objects);
        s.write();
        return listed;
    }

    @Test
    void anUnchangedDirectoryIsNotListedAgainAndAChangedOneIs() throws IOException {
        object(A);
        object(C);
        object(PACK);
        assertThat(backUp(LATER)).containsExactlyInAnyOrder(A, C, PACK);
        assertThat(backUp(LATER)).containsExactly(PACK); // packs are always listed: few, and cheap
        object(B);
        assertThat(backUp(LATER)).containsExactlyInAnyOrder(A, B, PACK);
        object("cd/tmp_obj_y");
        Files.delete(objects.resolve(C));
        Files.delete(objects.resolve("cd/tmp_obj_y"));
        assertThat(backUp(LATER)).containsExactly(PACK); // cd was listed: it is empty now
        object(C);
        assertThat(backUp(LATER)).containsExactlyInAnyOrder(C, PACK);
    }

    @Test
    void aDirectoryChangedWithinTheClockGranularityIsListedAgainNextTime() throws IOException {
        object(A);
        LongSupplier now = () -> System.currentTimeMillis() * 1_000_000L;
        assertThat(backUp(now)).containsExactly(A);
        assertThat(backUp(now)).containsExactly(A); // too recent to trust its ctime: listed again
        assertThat(backUp(LATER)).containsExactly(A);
        assertThat(backUp(LATER)).isEmpty();
    }

    @Test
    void onlyRegularFilesNamedLikeObjectsCountAndNoLinkIsFollowed() throws IOException {
        object(A);
        Files.writeString(objects.resolve("ab/tmp_obj_x"), "partial");
        Files.createSymbolicLink(objects.resolve(B), Path.of("/etc/passwd"));
        Files.createDirectories(objects.resolve("pack"));
        Files.createSymbolicLink(objects.resolve(PACK), Path.of("/etc/passwd"));
        Path elsewhere = Files.createTempDirectory(store, "elsewhere");
        Files.writeString(elsewhere.resolve("3".repeat(38)), "x");
        Files.createSymbolicLink(objects.resolve("cd"), elsewhere);
        assertThat(backUp(LATER)).containsExactly(A);
    }

    @Test
    void aCorruptStampsFileCostsOnlyAFullListing() throws IOException {
        object(A);
        backUp(LATER);
        Files.writeString(store.resolve(FanoutStamps.FILE), "ab\nzz nonsense\n\0\0");
        assertThat(backUp(LATER)).containsExactly(A);
    }
}
