package site.js0.race;

import java.util.Iterator;

/**
 * The arguments of a hedged call: 0, 1, 2 and so on, the number of each attempt, without
 * end (max attempts is the bound).
 */
enum AttemptNumbers implements Iterable<Integer> {

	INSTANCE;

	@Override
	public Iterator<Integer> iterator() {
		return new Iterator<>() {

			private int next;

			@Override
			public boolean hasNext() {
				return this.next < Integer.MAX_VALUE;
			}

			@Override
			public Integer next() {
				return this.next++;
			}

		};
	}

}
