package io.github.workerrecovery.json;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageEvent;
import java.util.Objects;

/**
 * The wire form of a {@link SageEvent}, the same whether it goes to the JSON-lines file, a webhook
 * or an AMQP exchange. {@code kind} and {@code severity} are the API's lower-case labels; other
 * enum values ({@code failure}, {@code stage}) are their Java names, as the strategy store writes
 * them; timestamps are ISO-8601 instants; absent optional values are left out rather than written
 * as {@code null}. {@code kind} selects the record when reading; a line without one is an incident,
 * as the original alert format had no {@code kind}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "kind",
        visible = true, defaultImpl = IncidentAlertDto.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = IncidentAlertDto.class, name = "incident"),
    @JsonSubTypes.Type(value = KnowledgeUpdateDto.class, name = "knowledge"),
    @JsonSubTypes.Type(value = RecoveryTaskDto.class, name = "task"),
    @JsonSubTypes.Type(value = PatternInsightDto.class, name = "pattern")
})
public sealed interface SageEventDto permits IncidentAlertDto, KnowledgeUpdateDto, RecoveryTaskDto, PatternInsightDto {

    /** @return the event kind's label: {@code incident}, {@code knowledge}, {@code task} or {@code pattern} */
    String kind();

    /**
     * @param event any sage event
     * @return its wire form
     */
    static SageEventDto of(SageEvent event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof IncidentAlert a) {
            return IncidentAlertDto.of(a);
        }
        if (event instanceof KnowledgeUpdate k) {
            return KnowledgeUpdateDto.of(k);
        }
        if (event instanceof RecoveryTask t) {
            return RecoveryTaskDto.of(t);
        }
        return PatternInsightDto.of((PatternInsight) event);
    }
}
