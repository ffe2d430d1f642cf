package io.github.workerrecovery.oshi;

/**
 * The fields of one {@code /proc/<pid>/stat} line that a sample needs, parsed from the raw bytes
 * without building strings: the line is {@code pid (comm) state ppid ...}, and since the command
 * name may itself hold spaces and parentheses, fields are counted from the last {@code ')'}.
 *
 * @param state the one-letter state ({@code R}, {@code S}, {@code Z}...)
 * @param parentPid field 4
 * @param userTicks field 14, {@code utime}
 * @param systemTicks field 15, {@code stime}
 * @param threads field 20, {@code num_threads}
 * @param startTicks field 22, {@code starttime}: clock ticks after boot
 * @param rssPages field 24, {@code rss}: resident pages from per-CPU counters, which lag the exact
 *     count ({@code statm}) by up to tens of pages on recent kernels
 */
record ProcStat(char state, long parentPid, long userTicks, long systemTicks, int threads, long startTicks, long rssPages) {

    // indexes counted from the state field (field 3 of the line)
    private static final int PPID = 1;
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int THREADS = 17;
    private static final int STARTTIME = 19;
    private static final int RSS = 21;

    /** @return whether the process has exited and only waits to be reaped */
    boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    /**
     * @param line the bytes of the file
     * @param length how many of them were read
     * @return the fields
     * @throws IllegalArgumentException when the line is not a stat line
     */
    static ProcStat parse(byte[] line, int length) {
        int close = -1;
        for (int i = length - 1; i >= 0; i--) {
            if (line[i] == ')') {
                close = i;
                break;
            }
        }
        if (close < 0 || close + 2 >= length) {
            throw new IllegalArgumentException("not a /proc stat line");
        }
        char state = (char) line[close + 2];
        long[] values = new long[RSS + 1];
        int field = 0;
        int i = close + 2;
        while (field < RSS) {
            // skip to the next field: fields are separated by single spaces
            while (i < length && line[i] != ' ') {
                i++;
            }
            i++;
            if (i >= length) {
                break;
            }
            field++;
            long value = 0;
            boolean negative = line[i] == '-';
            int j = negative ? i + 1 : i;
            while (j < length && line[j] >= '0' && line[j] <= '9') {
                value = value * 10 + (line[j] - '0');
                j++;
            }
            values[field] = negative ? -value : value;
        }
        if (field < RSS) {
            throw new IllegalArgumentException("/proc stat line has only " + (field + 2) + " fields");
        }
        return new ProcStat(state, values[PPID], values[UTIME], values[STIME], (int) values[THREADS],
                values[STARTTIME], values[RSS]);
    }
}
