import subprocess
import sys
import textwrap


def test_the_engine_imports_and_runs_with_django_absent():
    # A meta-path hook makes any import of django fail, as on a machine without it.
    program = textwrap.dedent(
        """
        import sys

        class NoDjango:
            def find_spec(self, name, path=None, target=None):
                if name == "django" or name.startswith("django."):
                    raise ImportError("django is not installed here")

        sys.meta_path.insert(0, NoDjango())
        from negotiations.analysis import evaluate, problem_from_document
        from tests.analysis.test_evaluate import worked_example

        result = evaluate(problem_from_document(worked_example()), {"x": "x1", "y": "y1"})
        print(result["parties"]["a"]["score"])
        """
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "25.0"
    assert "django" not in run.stderr
