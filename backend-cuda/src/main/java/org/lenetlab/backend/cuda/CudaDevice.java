package org.lenetlab.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jcuda.CudaException;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import org.lenetlab.backend.BackendUnavailableException;

/**
 * Device 0 through JCuda's driver API: its primary context (made current on every thread that calls in), the
 * loaded PTX modules, memory, copies and the launches of {@link DeviceFunction}s. Every driver call's result is checked
 * (JCuda's exceptions are enabled): a failure is a {@link CudaException} naming the error. All work goes to the
 * default stream, in order; copies to the host wait for the launches before them.
 */
final class CudaDevice {
    /** Threads per block of the element-wise functions and of the block reductions (REDUCE_THREADS in the .cu). */
    static final int THREADS = 256;
    /** Enough blocks of {@link #THREADS} to fill a large GPU; grid-stride loops cover the rest. */
    private static final int MAX_BLOCKS = 8192;
    /** The address 0, for optional pointer arguments. */
    static final CUdeviceptr NULL = new CUdeviceptr();

    /** Why opening failed the first time, or {@code null}: JCuda's classes do not load twice. */
    private static volatile String loadFailure;
    private static final Cleaner CLEANER = Cleaner.create();

    private final CUcontext context;
    private final Map<DeviceFunction, CUfunction> functions;
    private final String description;
    private final ThreadLocal<Boolean> bound;
    /** What {@link #release()} frees: the allocations made through this scope; {@code null} for the device itself. */
    private final List<Cleaner.Cleanable> allocations;

    private CudaDevice(CUcontext context, Map<DeviceFunction, CUfunction> functions, String description,
                       ThreadLocal<Boolean> bound, List<Cleaner.Cleanable> allocations) {
        this.context = context;
        this.functions = functions;
        this.description = description;
        this.bound = bound;
        this.allocations = allocations;
    }

    /**
     * The same device and context, with allocations of its own that {@link #release()} frees at once instead of when
     * they become unreachable: what one compiled network holds.
     */
    CudaDevice scope() {
        return new CudaDevice(context, functions, description, bound, new ArrayList<>());
    }

    /**
     * Frees every allocation made through this scope (nothing for the device itself, whose allocations are freed when
     * unreachable); a buffer used after that is an error.
     */
    synchronized void release() {
        if (allocations != null) {
            allocations.forEach(Cleaner.Cleanable::clean);
            allocations.clear();
        }
    }

    /**
     * Initialises the driver, takes device 0's primary context and loads the PTX.
     *
     * @throws BackendUnavailableException with the reason when there is no PTX, no driver, no device, or the
     *                                     driver cannot load the PTX
     */
    static CudaDevice open() {
        return open(0);
    }

    /**
     * Opens device {@code index} (in the driver's order, as {@code CUDA_VISIBLE_DEVICES} leaves it).
     *
     * @throws BackendUnavailableException without PTX, a CUDA driver or that device, with the reason
     */
    static CudaDevice open(int index) {
        Map<String, String> ptx = PtxModules.load();
        String earlier = loadFailure;
        if (earlier != null) {
            throw new BackendUnavailableException(earlier);
        }
        try {
            JCudaDriver.setExceptionsEnabled(true);
        } catch (LinkageError e) {
            throw remember(driverLoadReason(e), e);
        }
        try {
            cuInit(0);
            int[] count = new int[1];
            cuDeviceGetCount(count);
            if (count[0] == 0) {
                throw remember("CUDA_ERROR_NO_DEVICE: the CUDA driver found no device", null);
            }
            CUdevice device = new CUdevice();
            if (index >= count[0]) {
                throw new BackendUnavailableException("CUDA device " + index + " does not exist: the driver found "
                        + count[0] + (count[0] == 1 ? " device" : " devices"));
            }
            cuDeviceGet(device, index);
            CUcontext context = new CUcontext();
            cuDevicePrimaryCtxRetain(context, device);
            cuCtxSetCurrent(context);
            Map<DeviceFunction, CUfunction> functions = new EnumMap<>(DeviceFunction.class);
            Map<String, CUmodule> modules = new java.util.TreeMap<>();
            for (Map.Entry<String, String> e : ptx.entrySet()) {
                CUmodule module = new CUmodule();
                byte[] text = e.getValue().getBytes(StandardCharsets.US_ASCII);
                byte[] terminated = java.util.Arrays.copyOf(text, text.length + 1);
                try {
                    cuModuleLoadData(module, terminated);
                } catch (CudaException failure) {
                    throw remember("the CUDA driver cannot load " + e.getKey() + ".ptx: " + failure.getMessage(),
                            failure);
                }
                modules.put(e.getKey(), module);
            }
            for (DeviceFunction k : DeviceFunction.values()) {
                CUfunction function = new CUfunction();
                cuModuleGetFunction(function, modules.get(k.module()), k.entry());
                functions.put(k, function);
            }
            CudaDevice opened = new CudaDevice(context, functions, describe(device),
                    ThreadLocal.withInitial(() -> Boolean.FALSE), null);
            opened.bound.set(Boolean.TRUE);
            return opened;
        } catch (CudaException e) {
            throw remember("CUDA driver: " + e.getMessage(), e);
        }
    }

    private static BackendUnavailableException remember(String reason, Throwable cause) {
        loadFailure = reason;
        return new BackendUnavailableException(reason, cause);
    }

    /** The reason JCuda's driver library did not load, naming the missing driver when that is the cause. */
    static String driverLoadReason(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        String text = all.toString();
        String first = text.lines().filter(l -> !l.isBlank()).findFirst().orElse(e.toString());
        if (text.contains("libcuda")) {
            return "no CUDA driver: libcuda.so.1 not found (" + first.strip() + ")";
        }
        return "JCuda's driver library cannot load: " + first.strip();
    }

    private static String describe(CUdevice device) {
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        int[] major = new int[1];
        int[] minor = new int[1];
        int[] processors = new int[1];
        cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
        cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        cuDeviceGetAttribute(processors, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
        long[] memory = new long[1];
        cuDeviceTotalMem(memory, device);
        int[] driver = new int[1];
        cuDriverGetVersion(driver);
        return String.format(Locale.ROOT, "%s, compute capability %d.%d, %d SMs, %.1f GiB; CUDA driver %d.%d; "
                        + "JCuda %s; float32", new String(name, 0, end, StandardCharsets.US_ASCII).strip(), major[0],
                minor[0], processors[0], memory[0] / (1024.0 * 1024 * 1024), driver[0] / 1000, driver[0] % 1000 / 10,
                jcudaVersion());
    }

    private static String jcudaVersion() {
        Package p = JCudaDriver.class.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        return version == null ? "12.6.0" : version;
    }

    /** GPU name, compute capability, multiprocessors, memory, driver version. */
    String description() {
        return description;
    }

    /** Makes the context current on the calling thread (once per thread). */
    void bind() {
        if (!bound.get()) {
            cuCtxSetCurrent(context);
            bound.set(Boolean.TRUE);
        }
    }

    /** Free device memory in bytes. */
    long freeBytes() {
        bind();
        long[] free = new long[1];
        long[] total = new long[1];
        cuMemGetInfo(free, total);
        return free[0];
    }

    /**
     * {@code bytes} of zeroed device memory, freed when {@code owner} becomes unreachable or, for a {@link #scope()},
     * when it is released, whichever comes first.
     */
    CUdeviceptr allocate(long bytes, Object owner) {
        bind();
        CUdeviceptr pointer = new CUdeviceptr();
        cuMemAlloc(pointer, Math.max(bytes, 4));
        cuMemsetD32(pointer, 0, Math.max(bytes, 4) / 4);
        CUcontext ctx = context;
        Cleaner.Cleanable cleanable = CLEANER.register(owner, () -> {
            try {
                cuCtxSetCurrent(ctx);
                cuMemFree(pointer);
            } catch (CudaException | LinkageError e) {
                // the context is gone (process exit): nothing to free
            }
        });
        if (allocations != null) {
            synchronized (this) {
                allocations.add(cleanable);
            }
        }
        return pointer;
    }

    /** Copies {@code count} ints to {@code target}. */
    void upload(int[] source, int offset, int count, CUdeviceptr target) {
        bind();
        cuMemcpyHtoD(target, Pointer.to(source).withByteOffset((long) offset * Sizeof.INT), (long) count * Sizeof.INT);
    }

    /** Copies {@code count} floats to {@code target} from {@code source[offset..]}. */
    void upload(float[] source, int offset, CUdeviceptr target, long targetOffset, int count) {
        bind();
        cuMemcpyHtoD(target.withByteOffset(targetOffset * Sizeof.FLOAT),
                Pointer.to(source).withByteOffset((long) offset * Sizeof.FLOAT), (long) count * Sizeof.FLOAT);
    }

    /** Copies {@code count} longs to {@code target}. */
    void upload(long[] source, CUdeviceptr target) {
        bind();
        cuMemcpyHtoD(target, Pointer.to(source), (long) source.length * Sizeof.LONG);
    }

    /** Copies the device pointers themselves (their addresses) to {@code target}, an array of pointers. */
    void uploadPointers(CUdeviceptr[] pointers, CUdeviceptr target) {
        bind();
        cuMemcpyHtoD(target, Pointer.to((NativePointerObject[]) pointers), (long) pointers.length * Sizeof.POINTER);
    }

    /** Copies {@code count} floats from {@code source[sourceOffset..]} into {@code target[offset..]}. */
    void download(CUdeviceptr source, long sourceOffset, float[] target, int offset, int count) {
        bind();
        cuMemcpyDtoH(Pointer.to(target).withByteOffset((long) offset * Sizeof.FLOAT),
                source.withByteOffset(sourceOffset * Sizeof.FLOAT), (long) count * Sizeof.FLOAT);
    }

    /** Copies {@code count} doubles from {@code source} into {@code target[0..count)}. */
    void download(CUdeviceptr source, double[] target, int count) {
        bind();
        cuMemcpyDtoH(Pointer.to(target), source, (long) count * Sizeof.DOUBLE);
    }

    /** Copies {@code count} floats between device buffers. */
    void copy(CUdeviceptr source, CUdeviceptr target, long count) {
        bind();
        cuMemcpyDtoD(target, source, count * Sizeof.FLOAT);
    }

    /** Sets {@code count} 32-bit words to zero. */
    void zero(CUdeviceptr target, long count) {
        bind();
        cuMemsetD32(target, 0, count);
    }

    /** Launches {@code function} as a grid-stride loop over {@code total} items (nothing when there are none). */
    void launchOver(DeviceFunction function, long total, Object... args) {
        if (total <= 0) {
            return;
        }
        long blocks = Math.min((total + THREADS - 1) / THREADS, MAX_BLOCKS);
        launch(function, (int) blocks, 1, THREADS, 1, args);
    }

    /** Launches {@code function} with one block of {@link #THREADS} threads per item (the block reductions). */
    void launchBlocks(DeviceFunction function, int blocks, Object... args) {
        if (blocks <= 0) {
            return;
        }
        launch(function, blocks, 1, THREADS, 1, args);
    }

    /**
     * Launches {@code function} on a {@code gridX × gridY} grid of {@code blockX × blockY} blocks. Arguments: a
     * {@link CUdeviceptr}, {@link Integer}, {@link Long}, {@link Float}, {@link Double}, or an {@code int[]} passed
     * by value as a struct of ints.
     */
    void launch(DeviceFunction function, int gridX, int gridY, int blockX, int blockY, Object... args) {
        bind();
        NativePointerObject[] params = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = parameter(args[i]);
        }
        cuLaunchKernel(functions.get(function), gridX, gridY, 1, blockX, blockY, 1, 0, null, Pointer.to(params), null);
    }

    private static Pointer parameter(Object arg) {
        if (arg instanceof CUdeviceptr p) {
            return Pointer.to(p);
        }
        if (arg instanceof Integer v) {
            return Pointer.to(new int[] {v});
        }
        if (arg instanceof Long v) {
            return Pointer.to(new long[] {v});
        }
        if (arg instanceof Float v) {
            return Pointer.to(new float[] {v});
        }
        if (arg instanceof Double v) {
            return Pointer.to(new double[] {v});
        }
        if (arg instanceof int[] struct) {
            return Pointer.to(struct);
        }
        throw new IllegalArgumentException("unsupported device function argument "
                + (arg == null ? "null" : arg.getClass()));
    }
}
