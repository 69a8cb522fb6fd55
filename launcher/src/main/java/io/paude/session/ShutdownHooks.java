package io.paude.session;

/**
 * Where {@code paude run} puts the hook that removes its session when the launcher is ended (Ctrl-C, SIGTERM): the
 * JVM's shutdown hooks, or a test's, which runs the hook itself.
 */
interface ShutdownHooks {
    void add(Thread hook);

    /** Removes the hook; throws {@link IllegalStateException} when the launcher is shutting down already. */
    void remove(Thread hook);

    /** The JVM's shutdown hooks. */
    static ShutdownHooks jvm() {
        return new ShutdownHooks() {
            @Override
            public void add(Thread hook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }

            @Override
            public void remove(Thread hook) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        };
    }
}
