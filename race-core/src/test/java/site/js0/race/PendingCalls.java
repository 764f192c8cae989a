package site.js0.race;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link AsyncTask} whose attempts stay pending until the test completes them,
 * recording each launch with its argument and context.
 */
final class PendingCalls<A> implements AsyncTask<A, String> {

	final List<A> arguments = new CopyOnWriteArrayList<>();

	final List<AttemptContext> contexts = new CopyOnWriteArrayList<>();

	final List<CompletableFuture<String>> futures = new CopyOnWriteArrayList<>();

	final List<Thread> threads = new CopyOnWriteArrayList<>();

	@Override
	public CompletionStage<String> start(A argument, AttemptContext attempt) {
		CompletableFuture<String> future = new CompletableFuture<>();
		this.arguments.add(argument);
		this.contexts.add(attempt);
		this.futures.add(future);
		this.threads.add(Thread.currentThread());
		return future;
	}

	int launched() {
		return this.futures.size();
	}

	CompletableFuture<String> future(int index) {
		return this.futures.get(index);
	}

	void succeed(int index, String value) {
		this.futures.get(index).complete(value);
	}

	void fail(int index, Throwable failure) {
		this.futures.get(index).completeExceptionally(failure);
	}

}
