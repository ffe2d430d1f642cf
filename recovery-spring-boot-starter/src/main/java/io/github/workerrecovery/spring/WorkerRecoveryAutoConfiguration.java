package io.github.workerrecovery.spring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.PluginProvider;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Supervision for a Spring Boot application: a {@link WorkerAutoRecovery} built from the
 * {@code worker-recovery.*} properties (the config file's keys in Spring's relaxed form) and the
 * context's beans of the plug-in types, run with the context, its events republished as
 * {@link WorkerRecoveryEvent}s. {@code worker-recovery.enabled=false} switches it all off.
 *
 * <p>Beans used as plug-ins: every {@link HealthProbe}, {@link RecoveryAction}, {@link SageNotifier},
 * {@link PluginProvider}, the {@link StrategyStore} when there is one, and every {@link WorkerSpec}
 * (for example an in-JVM worker wrapping a listener container) as a worker beside those in the
 * properties. {@link WorkerRecoveryConfigCustomizer} beans change the rest.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = SpringConfigTree.PREFIX + ".enabled", matchIfMissing = true)
public class WorkerRecoveryAutoConfiguration {

    /**
     * @param environment where the {@code worker-recovery.*} properties are read
     * @param probes probe beans
     * @param actions action beans
     * @param notifiers notifier beans
     * @param stores the strategy store bean, if any
     * @param providers provider beans
     * @param workers worker beans
     * @param customizers customizers, in order
     * @return the checked configuration
     * @throws io.github.workerrecovery.core.RecoveryConfigException when a property or plug-in is
     *     invalid: the application does not start, with every problem in the message
     */
    @Bean
    @ConditionalOnMissingBean
    public RecoveryConfig workerRecoveryConfig(Environment environment, ObjectProvider<HealthProbe> probes,
                                               ObjectProvider<RecoveryAction> actions,
                                               ObjectProvider<SageNotifier> notifiers,
                                               ObjectProvider<StrategyStore> stores,
                                               ObjectProvider<PluginProvider<?>> providers,
                                               ObjectProvider<WorkerSpec> workers,
                                               ObjectProvider<WorkerRecoveryConfigCustomizer> customizers) {
        String tree;
        try {
            tree = new ObjectMapper().writeValueAsString(SpringConfigTree.read(environment));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the worker-recovery properties", e);
        }
        // JSON is YAML: the file reader checks properties with the same rules and words as a file;
        // relative paths (home, working_dir) resolve against the working directory
        RecoveryConfigBuilder builder = RecoveryConfig.parse(tree, Path.of("").toAbsolutePath());
        probes.orderedStream().forEach(builder::probe);
        actions.orderedStream().forEach(builder::action);
        notifiers.orderedStream().forEach(builder::notifier);
        providers.orderedStream().forEach(builder::provider);
        stores.ifUnique(builder::strategyStore);
        workers.orderedStream().forEach(builder::worker);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * @param config the configuration
     * @return the supervisor; closed with the context
     */
    @Bean
    @ConditionalOnMissingBean
    public WorkerAutoRecovery workerAutoRecovery(RecoveryConfig config) {
        return new WorkerAutoRecovery(config);
    }

    /**
     * @param recovery the supervisor
     * @return what starts and stops it with the context
     */
    @Bean
    @ConditionalOnMissingBean
    public WorkerRecoveryLifecycle workerRecoveryLifecycle(WorkerAutoRecovery recovery) {
        return new WorkerRecoveryLifecycle(recovery);
    }

    /**
     * @param recovery the supervisor
     * @param publisher the context
     * @return what republishes the engine's events; off with {@code worker-recovery.publish-events=false}
     */
    @Bean
    @ConditionalOnBooleanProperty(name = SpringConfigTree.PREFIX + ".publish-events", matchIfMissing = true)
    EventRepublisher workerRecoveryEventRepublisher(WorkerAutoRecovery recovery, ApplicationEventPublisher publisher) {
        return new EventRepublisher(recovery, publisher);
    }
}
