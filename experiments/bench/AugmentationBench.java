import org.lenetlab.data.*;
import org.lenetlab.spec.AugmentationSpec;
import org.lenetlab.train.*;
import org.lenetlab.plan.Shape;
/** Times {@code Augmentation.distort} alone over the 60,000 MNIST training images in batches of 64, on one thread
 * and in parallel, for the paper's affine distortions and for those plus an elastic deformation (alpha 34, sigma 4):
 * run {@code java -cp experiments/target/lenet-lab.jar experiments/bench/AugmentationBench.java} after a build. The
 * cost inside training, against training without augmentation, is what {@code lenet bench --augmentation} measures. */
public class AugmentationBench {
    public static void main(String[] a) {
        Mnist m = MnistLoader.load(java.nio.file.Path.of(System.getProperty("user.home"), ".cache/lenet-lab/mnist"));
        ImageSet t = m.train();
        Examples ex = new Examples(t.pixels(), t.labels(), t.count(), Shape.of(1, 28, 28));
        AugmentationSpec paper = new AugmentationSpec("paper", 0.9, 2.0, 0.15, 0.15, 0.3, null, null);
        AugmentationSpec elastic = new AugmentationSpec("paper+elastic", 0.9, 2.0, 0.15, 0.15, 0.3, null,
                new AugmentationSpec.ElasticSpec(34.0, 4.0));
        int[] order = new int[t.count()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        float[] out = new float[64 * 784];
        for (int round = 0; round < 2; round++) {
            for (AugmentationSpec s : new AugmentationSpec[] {paper, elastic}) {
                for (boolean parallel : new boolean[] {false, true}) {
                    Augmentation aug = new Augmentation(s, 0f, parallel);
                    long start = System.nanoTime();
                    for (int from = 0; from < order.length; from += 64) {
                        aug.distort(ex, order, from, Math.min(64, order.length - from), 0, 1, out);
                    }
                    double sec = (System.nanoTime() - start) / 1e9;
                    System.out.printf("%s, %s: %.2f s per 60,000 images, %.0f images/s%n", s.name(),
                            parallel ? "parallel" : "one thread", sec, order.length / sec);
                }
            }
        }
    }
}
