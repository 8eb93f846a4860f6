package com.clips.processing.boundary;

import com.clips.assets.entity.AssetStatus;
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
 * lower CPU priority. The first partition also samples
 * the storyboard if the asset has none yet. The plan is made anew on a restart (partitions
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

    @Inject
    AssetStep step;

    @Override
    public PartitionPlan mapPartitions() {
        var asset = step.enter(AssetStatus.COMPRESSING);
        var processing = step.processing();
        var recorded = processing.renditions(step.assetId()).stream()
                .map(r -> r.label())
                .toList();
        var pending = processing.ladder(asset).stream()
                .filter(rung -> !recorded.contains(rung.label()))
                .toList();
        // downloaded once here (if the images step has not already), so the partitions share it
        step.work().source(asset, step.storage());
        var groups = groups(pending, step.settings().ladderEncoders());
        var partitions = new Properties[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            partitions[i] = new Properties();
            partitions[i].setProperty(
                    RUNGS,
                    groups.get(i).stream().map(r -> String.valueOf(r.label())).collect(Collectors.joining(",")));
            partitions[i].setProperty(STORYBOARD, String.valueOf(i == 0 && !asset.hasStoryboard()));
            partitions[i].setProperty(BACKGROUND, String.valueOf(i > 0));
        }
        var plan = new PartitionPlanImpl();
        plan.setPartitions(groups.size());
        plan.setThreads(groups.size());
        plan.setPartitionProperties(partitions);
        plan.setPartitionsOverride(true);
        return plan;
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
