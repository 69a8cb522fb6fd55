package io.paude.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A walk with stamps sees what a walk without them sees, and lists only the directories that changed. */
class WalkStampsTest {
    /** A clock a minute ahead: every directory's ctime looks settled. */
    private static final LongSupplier LATER = () -> (System.currentTimeMillis() + 60_000) * 1_000_000L;

    @TempDir
    Path ws;
    @TempDir
    Path state;

    private int listings;

    @BeforeEach
    void workspace() throws IOException {
        for (String d : List.of("a", "b", "b/c", ".git/objects")) {
            Files.createDirectories(ws.resolve(d));
        }
        Files.writeString(ws.resolve("a/one.txt"), "1");
        Files.writeString(ws.resolve("b/two.txt"), "2");
        Files.writeString(ws.resolve("b/c/three.txt"), "3");
        Files.writeString(ws.resolve(".git/objects/x"), "x");
    }

    /** The walk with the stamps of the last one (then stamped again), checked against a walk without stamps. */
    private WorkspaceFiles walk(LongSupplier clock) throws IOException {
        WalkStamps stamps = WalkStamps.read(state.resolve("stamps.txt"), clock);
        WorkspaceFiles stamped = WorkspaceFiles.walk(ws, stamps);
        stamps.write();
        listings = stamps.listings();
        assertThat(stamped.files()).containsExactlyInAnyOrderElementsOf(WorkspaceFiles.walk(ws).files());
        return stamped;
    }

    /** After a clock tick: ctime has the kernel's coarse clock. */
    private static void tick() {
        try {
            Thread.sleep(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> names(WorkspaceFiles w) {
        return w.files().stream().map(f -> f.rel().toString()).sorted().toList();
    }

    @Test
    void anUnchangedWorkspaceIsNotListedAgain() throws IOException {
        assertThat(names(walk(LATER))).containsExactly("a/one.txt", "b/c/three.txt", "b/two.txt");
        assertThat(listings).isEqualTo(4); // the root, a, b, b/c (never .git)
        walk(LATER);
        assertThat(listings).isZero();
    }

    @Test
    void aFileAddedRemovedOrRenamedIsSeenEvenWithTheMtimeSetBack() throws IOException {
        walk(LATER);
        FileTime old = Files.getLastModifiedTime(ws.resolve("b/c"));
        tick();
        Files.writeString(ws.resolve("b/c/.env"), "TOKEN=1");
        Files.setLastModifiedTime(ws.resolve("b/c"), old); // touch -d: the ctime still moves
        assertThat(names(walk(LATER))).contains("b/c/.env");
        assertThat(listings).isEqualTo(1);
        tick();
        Files.move(ws.resolve("b/c/.env"), ws.resolve("a/.env"));
        assertThat(names(walk(LATER))).contains("a/.env").doesNotContain("b/c/.env");
        assertThat(listings).isEqualTo(2);
        tick();
        Files.delete(ws.resolve("a/.env"));
        assertThat(names(walk(LATER))).doesNotContain("a/.env");
    }

    @Test
    void aFileReplacedByALinkAndANewHardLinkAreSeen() throws IOException {
        walk(LATER);
        tick();
        Files.delete(ws.resolve("a/one.txt"));
        Files.createSymbolicLink(ws.resolve("a/one.txt"), ws.resolve("b/two.txt"));
        Files.createLink(ws.resolve("b/c/copy"), ws.resolve("b/two.txt"));
        WorkspaceFiles w = walk(LATER);
        assertThat(w.files()).anyMatch(f -> f.rel().toString().equals("a/one.txt") && f.symlink() && !f.regular());
        String key = w.files().stream().filter(f -> f.rel().toString().equals("b/two.txt")).findFirst().orElseThrow().key();
        assertThat(w.files()).anyMatch(f -> f.rel().toString().equals("b/c/copy") && key.equals(f.key()));
    }

    @Test
    void whetherAFileStartsWithAPrivateKeyIsKeptInTheStamps() throws IOException {
        Files.writeString(ws.resolve("a/deploy"), "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n");
        walk(LATER);
        WorkspaceFiles again = walk(LATER);
        assertThat(listings).isZero();
        assertThat(again.files()).filteredOn(WorkspaceFiles.File::privateKey).extracting(f -> f.rel().toString())
                .containsExactly("a/deploy");
        assertThat(Files.readString(state.resolve("stamps.txt"))).contains("E k ");
    }

    @Test
    void aDirectoryReplacedOrAddedIsSeen() throws IOException {
        walk(LATER);
        tick();
        Files.delete(ws.resolve("b/c/three.txt"));
        Files.delete(ws.resolve("b/c"));
        Files.createDirectories(ws.resolve("b/c/d"));
        Files.writeString(ws.resolve("b/c/d/id_rsa"), "k");
        assertThat(names(walk(LATER))).contains("b/c/d/id_rsa").doesNotContain("b/c/three.txt");
    }

    @Test
    void aDirectoryChangedJustBeforeTheWalkIsListedAgainNextTime() throws IOException {
        walk(() -> System.currentTimeMillis() * 1_000_000L); // every ctime is less than a second old: nothing stamped
        walk(LATER);
        assertThat(listings).isEqualTo(4);
        walk(LATER);
        assertThat(listings).isZero();
    }

    @Test
    void aCorruptOrForeignStampsFileOnlyCostsAFullWalk() throws IOException {
        walk(LATER);
        for (String corrupt : List.of("garbage\n", "D x y a\n", "E f - one.txt\n", "D 1 2 a\nE z - one.txt\n")) {
            Files.writeString(state.resolve("stamps.txt"), corrupt);
            walk(LATER);
            assertThat(listings).as(corrupt).isEqualTo(4);
        }
    }

    @Test
    void stampsOfAnotherDirectoryAtTheSamePathAreNotTrusted() throws IOException {
        walk(LATER);
        String[] lines = Files.readString(state.resolve("stamps.txt")).split("\n");
        // the same path, another inode: a directory deleted and made again
        tick();
        Path b = ws.resolve("b");
        Files.move(b, ws.resolve("b-old"));
        Files.createDirectories(b);
        Files.writeString(b.resolve("secret.key"), "k");
        assertThat(lines).isNotEmpty();
        assertThat(names(walk(LATER))).contains("b/secret.key", "b-old/two.txt");
    }

    @Test
    void aNameWithALineBreakIsNeverStamped() throws IOException {
        Files.writeString(ws.resolve("a/x\n.env"), "k");
        walk(LATER);
        walk(LATER);
        assertThat(listings).isEqualTo(1); // a, listed each time
    }
}
