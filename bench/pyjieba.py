import sys, os, time, glob, logging
import jieba
jieba.setLogLevel(logging.WARNING)
jieba.initialize()
files = sorted(glob.glob(os.path.join(sys.argv[1], "*.txt")))
texts = [open(f, encoding="utf-8").read() for f in files]
n = sum(len(t.encode("utf-8")) for t in texts)
t0, c0 = time.perf_counter(), time.process_time()
for t in texts:
    for _ in jieba.cut(t, HMM=True):
        pass
print(f"seg mode=python-jieba workers=1 bytes={n} wall_s={time.perf_counter()-t0:.3f} cpu_s={time.process_time()-c0:.3f} version={jieba.__version__}")
