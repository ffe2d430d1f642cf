package io.github.workerrecovery.core.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.testkit.ManualClock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Grouping accuracy of the miner on the generated corpus, per log style and overall, with the one
 * default configuration. Prints the figures (they go into the README).
 */
class GroupingAccuracyTest {

    private static final int LINES_PER_STYLE = 3000;

    @Test
    void groupingAccuracyPerStyleAndOverall() {
        ErrorCorpus corpus = new ErrorCorpus(20261129L);
        Map<ErrorCorpus.Style, Double> perStyle = new EnumMap<>(ErrorCorpus.Style.class);
        int right = 0;
        int all = 0;
        StringBuilder report = new StringBuilder("grouping accuracy (GA), " + LINES_PER_STYLE + " lines and "
                + ErrorCorpus.TEMPLATES_PER_STYLE + " templates per style:\n");
        for (ErrorCorpus.Style style : ErrorCorpus.Style.values()) {
            List<ErrorCorpus.Line> lines = corpus.generate(style, LINES_PER_STYLE);
            ErrorPatternMiner miner = new ErrorPatternMiner(new ManualClock());
            List<String> predicted = new ArrayList<>();
            List<Integer> truth = new ArrayList<>();
            for (ErrorCorpus.Line line : lines) {
                predicted.add(miner.add(line.text()).orElseThrow().id());
                truth.add(line.template());
            }
            int r = GroupingAccuracy.right(predicted, truth);
            right += r;
            all += lines.size();
            double ga = (double) r / lines.size();
            perStyle.put(style, ga);
            report.append(String.format(Locale.ROOT, "  %-10s %.3f  (%d patterns for %d templates)%n",
                    style.name().toLowerCase(Locale.ROOT), ga, miner.size(), truth.stream().distinct().count()));
        }
        double overall = (double) right / all;
        report.append(String.format(Locale.ROOT, "  %-10s %.3f  (%d lines)%n", "overall", overall, all));
        System.out.print(report);

        assertThat(overall).as(report.toString()).isGreaterThanOrEqualTo(0.95);
        perStyle.forEach((style, ga) -> assertThat(ga).as(style + "\n" + report).isGreaterThanOrEqualTo(0.90));
    }
}
