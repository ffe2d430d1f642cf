package io.github.workerrecovery.oshi;

/** A JVM worker for the memory-cleanup test: says {@code ready}, then waits to be stopped. */
public final class IdleJvm {

    private IdleJvm() {
    }

    /**
     * @param args ignored
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
