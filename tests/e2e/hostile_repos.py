# Builders of hostile and broken git repositories for the end-to-end tests,
# generated at test time with git plumbing (nothing big is committed to the project).
"""Each builder makes one bare repository under `root` and returns its path.

Trees are assembled with `git hash-object`, `git mktree` and `git commit-tree`
so that contents git's porcelain refuses or mangles (symlinks to anywhere,
gitlinks without a submodule, a dangling HEAD) are easy to make, and so a
200 MB blob is streamed into the object store without ever sitting in memory.
"""

import os
import subprocess

import nexus_harness as nx

DATE = "2024-03-01T12:00:00+00:00"


def _git(repo, args, data=None):
    proc = subprocess.run(["git"] + nx.GIT_IDENTITY + list(args), cwd=repo, input=data,
                          env=nx._git_env(DATE), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=300)
    if proc.returncode != 0:
        raise nx.HarnessError(f"git {' '.join(args)} failed in {repo}:\n{proc.stderr.decode(errors='replace')}")
    return proc.stdout.decode().strip()


def init_bare(root, name):
    repo = os.path.abspath(os.path.join(root, name + ".git"))
    nx.git(["init", "-q", "--bare", repo])
    return repo


def blob(repo, data):
    return _git(repo, ["hash-object", "-w", "--stdin"], data=data)


def stream_blob(repo, chunk, count):
    """Writes a blob of `count` copies of `chunk`, piped to git so that neither
    this process nor git holds it whole."""
    proc = subprocess.Popen(["git", "hash-object", "-w", "--stdin"], cwd=repo, env=nx._git_env(DATE),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for _ in range(count):
        proc.stdin.write(chunk)
    proc.stdin.close()
    oid = proc.stdout.read().decode().strip()
    if proc.wait(300) != 0:
        raise nx.HarnessError(f"git hash-object of a streamed blob failed in {repo}")
    return oid


def tree(repo, entries):
    """entries: (mode, type, oid, name) tuples; names may be any bytes but '/' and NUL."""
    lines = b"".join(f"{mode} {kind} {oid}\t".encode() + (name if isinstance(name, bytes) else name.encode())
                     + b"\n" for mode, kind, oid, name in entries)
    return _git(repo, ["mktree", "--missing"], data=lines)


def file_entry(repo, name, data):
    return ("100644", "blob", blob(repo, data.encode() if isinstance(data, str) else data), name)


def dir_entry(repo, name, entries):
    return ("040000", "tree", tree(repo, entries), name)


def commit(repo, tree_oid, branch="main", head=True, message="hostile fixture"):
    oid = _git(repo, ["commit-tree", tree_oid, "-m", message])
    _git(repo, ["update-ref", f"refs/heads/{branch}", oid])
    if head:
        _git(repo, ["symbolic-ref", "HEAD", f"refs/heads/{branch}"])
    return oid


def repo_with(root, name, entries, **commit_args):
    repo = init_bare(root, name)
    commit(repo, tree(repo, [e(repo) if callable(e) else e for e in entries]), **commit_args)
    return repo


def readme(text):
    return lambda repo: file_entry(repo, "README.md", text)


# ------------------------------------------------------------------ the fixtures

def huge_blob(root, mib=200):
    """README plus a `mib` MiB Markdown file (compressible, so it packs fast)."""
    def big(repo):
        line = b"The enormous file repeats this line about a sandpiper, forever and ever.\n"
        chunk = line * (1024 * 1024 // len(line) + 1)
        chunk = chunk[:1024 * 1024]
        oid = stream_blob(repo, chunk, mib)
        return ("040000", "tree", tree(repo, [("100644", "blob", oid, "huge.md")]), "docs")
    return repo_with(root, "huge", [readme("# Huge\n\nA modest readme about a kingfisher.\n"), big])


def binary_readme(root):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64
    return repo_with(root, "binary", [lambda r: file_entry(r, "README.md", png),
                                      lambda r: file_entry(r, "notes.md", "# Notes\n\nThe pelican notes.\n")])


def one_line(root, mib=10):
    words = ("cormorant " * (mib * 1024 * 1024 // 10)).encode()
    return repo_with(root, "oneline", [lambda r: file_entry(r, "README.md", words)])


def deep_nesting(root, levels=10_000):
    lists = "- " * levels + "albatross\n"
    quotes = ">" * levels + " petrel\n"
    brackets = "[" * levels + "puffin" + "]" * levels + "\n"
    emphasis = "*" * levels + "gannet" + "*" * levels + "\n"
    html = "<div>" * levels + "fulmar" + "</div>" * levels + "\n"
    text = "# Deep\n\n" + lists + "\n" + quotes + "\n" + brackets + "\n" + emphasis + "\n" + html
    return repo_with(root, "nested", [readme(text)])


def many_headings(root, count=100_000):
    text = "".join(f"## Heading {i}\n\nshearwater {i}\n\n" for i in range(count))
    return repo_with(root, "headings", [readme(text)])


def bad_bytes(root):
    invalid = b"# Broken \xff\xfe Text\n\nThe guillemot \xc3\x28 nests \xed\xa0\x80 here \xf4\x90\x80\x80.\n"
    # git calls a file with a NUL in its first 8000 bytes binary; past that it is text.
    late_nul = b"# Late NUL\n\n" + b"filler words here. " * 500 + b"\x00\x00 the skua\x00 arrives\n"
    early_nul = b"# Early\x00NUL\n\nthe tern\x00\n"
    return repo_with(root, "badbytes", [lambda r: file_entry(r, "README.md", invalid),
                                        lambda r: file_entry(r, "late.md", late_nul),
                                        lambda r: file_entry(r, "early.md", early_nul)])


def outside_symlink(root):
    return repo_with(root, "symlink", [
        lambda r: ("120000", "blob", blob(r, b"/etc/passwd"), "README.md"),
        lambda r: ("120000", "blob", blob(r, b"../../../../../../etc/hostname"), "host.md"),
        lambda r: file_entry(r, "real.md", "# Real\n\nThe real file mentions a dipper.\n"),
    ])


def with_submodule(root):
    missing_commit = "1234567890abcdef1234567890abcdef12345678"
    modules = '[submodule "vendor"]\n\tpath = vendor\n\turl = ../../../../etc\n'
    return repo_with(root, "submodule", [
        readme("# Sub\n\nThe wren project has a submodule.\n"),
        lambda r: file_entry(r, ".gitmodules", modules),
        ("160000", "commit", missing_commit, "vendor"),
    ])


def empty(root):
    return init_bare(root, "empty")


def dangling_head(root):
    """HEAD names a branch that does not exist; the only branch is main."""
    repo = repo_with(root, "nohead", [readme("# No Head\n\nThe avocet lives on main.\n")])
    _git(repo, ["symbolic-ref", "HEAD", "refs/heads/gone"])
    return repo


def corrupt_pack(root):
    """A packed repository with one object's compressed bytes overwritten."""
    repo = repo_with(root, "corrupt", [readme("# Corrupt\n\n" + "The oystercatcher is damaged. " * 200 + "\n")])
    _git(repo, ["repack", "-a", "-d", "-q"])
    pack_dir = os.path.join(repo, "objects", "pack")
    idx = next(f for f in os.listdir(pack_dir) if f.endswith(".idx"))
    pack = os.path.join(pack_dir, idx[:-4] + ".pack")
    readme_oid = _git(repo, ["rev-parse", "HEAD:README.md"])
    for line in _git(repo, ["verify-pack", "-v", os.path.join(pack_dir, idx)]).splitlines():
        fields = line.split()
        if fields and fields[0] == readme_oid:
            size_in_pack, offset = int(fields[3]), int(fields[4])
            break
    else:
        raise nx.HarnessError("README blob not found in the pack")
    os.chmod(pack, 0o644)
    with open(pack, "r+b") as f:
        f.seek(offset + size_in_pack // 2)
        f.write(b"\xde\xad\xbe\xef" * 4)
    return repo
