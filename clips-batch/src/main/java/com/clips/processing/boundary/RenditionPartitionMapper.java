package com.clips.processing.boundary;

import com.clips.assets.entity.AssetStatus;
import com.clips.media.control.LadderProbe;
import com.clips.media.control.Rung;
import com.clips.processing.control.ProcessingSettings;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Splits the rungs not yet recorded over {@link ProcessingSettings#ladderEncoders()} encoder
 * processes, one partition each: with one, a single ffmpeg makes the whole ladder; with more, the
 * lowest rungs get a process each and the last takes the rest, all but the lowest rung's at a
 * lower CPU priority. The first partition also samples the storyboard if the asset has none yet;
 * the last one probes the source for the content-aware ladder. The plan is made anew on a restart (partitions
 * override), from what is recorded then, so a node with another setting resumes correctly.
 */
@Named
@Dependent
public class RenditionPartitionMapper implements PartitionMapper {

    /** The partitioned step's id in process-asset.xml. */
    static final String STEP = "renditions";

    /** A partition's rungs by label, comma-separated, lowest first. */
    static final String RUNGS = "rungs";

    /** "true" for the partition that samples the storyboard. */
    static final String STORYBOARD = "storyboard";

    /**
     * "true" for every partition but the first (the lowest rung's): its encoder runs at a lower
     * CPU priority, so the lowest rung takes the cores it needs and the clip is playable sooner,
     * while the higher rungs use whatever it leaves; no core is idle, no work is added.
     */
    static final String BACKGROUND = "background";

    /** Where a partition's CRF comes from: a {@link Crf} name. */
    static final String CRF = "crf";

    /** Where a partition's CRF comes from (the content-aware ladder, LadderProbe). */
    enum Crf {
        /** The presets': content-aware is off, or the partition encodes beside the probe. */
        PRESETS,
        /**
         * The probe's choice, made by this partition before it encodes: the last, so the probe
         * delays no rung a viewer waits for.
         */
        PROBE,
        /** The choice an earlier run of this job recorded: a restart encodes the missing rungs alike. */
        RECORDED
    }

    @Inject
    AssetStep step;

    @Override
    public PartitionPlan mapPartitions() {
        var asset = step.enter(AssetStatus.COMPRESSING);
        var processing = step.processing();
        var recordedRenditions = processing.renditions(step.assetId());
        var recorded = recordedRenditions.stream().map(r -> r.label()).toList();
        var pending = processing.ladder(asset).stream()
                .filter(rung -> !recorded.contains(rung.label()))
                .toList();
        // downloaded once here (if the images step has not already), so the partitions share it
        step.work().source(asset, step.storage());
        int encoders = step.settings().ladderEncoders();
        var groups = groups(pending, encoders);
        var crf = Crf.PRESETS;
        if (step.settings().contentAware() && asset.crfOffset() != null) {
            crf = Crf.RECORDED;
        } else if (step.settings().contentAware() && !pending.isEmpty()) {
            if (probeBesideFirstPlayable(groups.size(), encoders, asset.playableWith(recordedRenditions))) {
                crf = Crf.PROBE;
            } else {
                processing.recordLadderChoice(step.assetId(), 0, LadderProbe.FIRST_PLAYABLE_ONLY);
            }
        }
        var partitions = new Properties[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            partitions[i] = new Properties();
            partitions[i].setProperty(
                    RUNGS,
                    groups.get(i).stream().map(r -> String.valueOf(r.label())).collect(Collectors.joining(",")));
            partitions[i].setProperty(STORYBOARD, String.valueOf(i == 0 && !asset.hasStoryboard()));
            partitions[i].setProperty(BACKGROUND, String.valueOf(i > 0));
            var partitionCrf = crf == Crf.PROBE && i < groups.size() - 1 ? Crf.PRESETS : crf;
            partitions[i].setProperty(CRF, partitionCrf.name());
        }
        var plan = new PartitionPlanImpl();
        plan.setPartitions(groups.size());
        plan.setThreads(groups.size());
        plan.setPartitionProperties(partitions);
        plan.setPartitionsOverride(true);
        return plan;
    }

    /**
     * Whether the probe can run without delaying the clip's first playable rung: it runs in the
     * last partition, so it can when there are others (the lowest rung has its own), or when the
     * clip is already playable (a remux), or when one encoder makes the whole ladder anyway (every
     * rung lands at its end). A clip whose one rung to encode is its first playable one is not probed.
     */
    static boolean probeBesideFirstPlayable(int partitions, int encoders, boolean playable) {
        return partitions > 1 || encoders == 1 || playable;
    }

    /** Lowest rungs alone while there are encoders to spare, the rest together; always at least one group. */
    static List<List<Rung>> groups(List<Rung> rungs, int encoders) {
        var groups = new ArrayList<List<Rung>>();
        int next = 0;
        while (groups.size() < encoders - 1 && rungs.size() - next > 1) {
            groups.add(List.of(rungs.get(next++)));
        }
        groups.add(List.copyOf(rungs.subList(next, rungs.size())));
        return groups;
    }
}
