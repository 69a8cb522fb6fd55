package io.paude.session;

/** A session as {@code paude list} shows it. */
public record SessionInfo(String name, String workspace, String mode, String agent, String proxy) {
}
