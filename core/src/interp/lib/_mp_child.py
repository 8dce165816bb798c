# How a child process started by `multiprocessing` (spawn) begins: it imports the
# program as `__mp_main__`, so what sits under `if __name__ == "__main__":` does not
# run again, then becomes the Process object its parent pickled and runs it.
import __mp_main__
import multiprocessing
multiprocessing._child_main()
