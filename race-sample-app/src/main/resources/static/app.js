// The page's only script: runs races through the app's JSON endpoints and draws them with Chart.js.
'use strict';

const STATUS_COLOURS = {
	WON: '#2e7d32',
	FAILED: '#c62828',
	ABORTED: '#6a1b9a',
	LOST: '#9e9e9e',
	RUNNING: '#ef6c00'
};

const history = [];
let timelineChart = null;
let percentileChart = null;

function element(tag, text, className) {
	const node = document.createElement(tag);
	if (text !== undefined && text !== null) {
		node.textContent = text;
	}
	if (className) {
		node.className = className;
	}
	return node;
}

function ms(value) {
	return (value === null || value === undefined) ? '…' : value.toFixed(1) + ' ms';
}

async function getJson(url) {
	const response = await fetch(url, { headers: { Accept: 'application/json' } });
	if (!response.ok) {
		const text = await response.text();
		throw new Error(response.status + ' ' + text);
	}
	return response.json();
}

function setBusy(busy) {
	document.querySelectorAll('button').forEach((button) => { button.disabled = busy; });
}

// One horizontal floating bar per attempt, from its launch to its end (or to now, if it still runs).
function drawTimeline(run) {
	const timeline = run.timeline;
	const end = timeline.durationMs || 0;
	const labels = timeline.attempts.map((a) => '#' + a.index + ' ' + a.target);
	const bars = timeline.attempts.map((a) => [a.launchMs, a.launchMs + (a.durationMs === null ? end - a.launchMs : a.durationMs)]);
	const colours = timeline.attempts.map((a) => STATUS_COLOURS[a.status] || '#607d8b');
	const data = {
		labels,
		datasets: [{
			label: 'attempt',
			data: bars,
			backgroundColor: colours,
			borderColor: colours,
			borderWidth: 1,
			barPercentage: 0.6
		}]
	};
	if (timelineChart) {
		timelineChart.data = data;
		timelineChart.update();
	}
	else {
		timelineChart = new Chart(document.getElementById('timeline'), {
			type: 'bar',
			data,
			options: {
				indexAxis: 'y',
				maintainAspectRatio: false,
				animation: { duration: 250 },
				scales: {
					x: { beginAtZero: true, title: { display: true, text: 'ms since the race started' } }
				},
				plugins: {
					legend: { display: false },
					tooltip: {
						callbacks: {
							label: (context) => {
								const attempt = timelineChart.$attempts[context.dataIndex];
								return attempt.status + (attempt.cancelled ? ' (cancelled)' : '') + ': launched at '
									+ ms(attempt.launchMs) + ', ran ' + ms(attempt.durationMs) + ', ' + attempt.detail;
							}
						}
					}
				}
			}
		});
	}
	timelineChart.$attempts = timeline.attempts;

	const rows = document.querySelector('#attempts tbody');
	rows.replaceChildren(...timeline.attempts.map((a) => {
		const row = element('tr');
		row.append(element('td', '#' + a.index), element('td', a.target), element('td', ms(a.launchMs), 'number'),
			element('td', ms(a.durationMs), 'number'),
			element('td', a.status + (a.cancelled ? ' (cancelled)' : ''), 'status-' + a.status),
			element('td', a.detail));
		return row;
	}));

	const winner = timeline.attempts.find((a) => a.index === timeline.winnerIndex);
	const summary = document.getElementById('race-summary');
	summary.className = 'summary' + (timeline.outcome === 'SUCCESS' ? '' : ' error');
	summary.textContent = 'Race "' + timeline.race + '" (step ' + ms(timeline.stepMs) + '): ' + timeline.outcome
		+ (winner ? ', won by #' + winner.index + ' (' + winner.target + ')' : '')
		+ ' after ' + ms(timeline.durationMs) + ', ' + timeline.attempts.length + ' attempt(s)'
		+ (run.result ? '. Answer: ' + (run.result.body || run.result) : '')
		+ (timeline.error ? '. ' + timeline.error : '');
	document.body.dataset.racesDrawn = String(Number(document.body.dataset.racesDrawn || 0) + 1);
}

function remember(label, run) {
	history.unshift({ label, run });
	history.length = Math.min(history.length, 8);
	const list = document.getElementById('history');
	list.replaceChildren(...history.map((entry) => {
		const t = entry.run.timeline;
		const item = element('li', entry.label + ': ' + t.outcome + ' in ' + ms(t.durationMs) + ', '
			+ t.attempts.length + ' attempt(s), winner #' + t.winnerIndex);
		item.addEventListener('click', () => drawTimeline(entry.run));
		return item;
	}));
}

async function runRace(label, url) {
	setBusy(true);
	try {
		const run = await getJson(url);
		drawTimeline(run);
		remember(label, run);
	}
	catch (error) {
		const summary = document.getElementById('race-summary');
		summary.className = 'summary error';
		summary.textContent = 'The race could not run: ' + error.message;
	}
	finally {
		setBusy(false);
		refreshSideTables();
	}
}

function drawComparison(comparison) {
	const keys = ['p50', 'p90', 'p99', 'p999'];
	const labels = ['p50', 'p90', 'p99', 'p99.9'];
	const data = {
		labels,
		datasets: [
			{ label: 'unhedged', data: keys.map((k) => comparison.unhedged.latencyMs[k]), backgroundColor: '#ef9a9a' },
			{ label: 'hedged', data: keys.map((k) => comparison.hedged.latencyMs[k]), backgroundColor: '#1565c0' }
		]
	};
	if (percentileChart) {
		percentileChart.data = data;
		percentileChart.update();
	}
	else {
		percentileChart = new Chart(document.getElementById('percentiles'), {
			type: 'bar',
			data,
			options: {
				maintainAspectRatio: false,
				scales: { y: { type: 'logarithmic', title: { display: true, text: 'latency, ms (log scale)' } } }
			}
		});
	}
	const rows = document.querySelector('#compare-table tbody');
	rows.replaceChildren(...[comparison.unhedged, comparison.hedged].map((c) => {
		const row = element('tr');
		row.append(element('td', c.client));
		['p50', 'p90', 'p99', 'p999', 'max'].forEach((k) => row.append(element('td', ms(c.latencyMs[k]), 'number')));
		row.append(element('td', String(c.errors), 'number'), element('td', String(c.attempts), 'number'),
			element('td', (c.extraLoad * 100).toFixed(1) + ' %', 'number'));
		return row;
	}));
	const cut = comparison.unhedged.latencyMs.p99 / comparison.hedged.latencyMs.p99;
	const extra = (comparison.hedged.extraLoad * 100).toFixed(1) + ' % more calls';
	document.getElementById('compare-summary').textContent = comparison.requests + ' requests, ' + comparison.concurrency
		+ ' at a time, mirrors ' + comparison.mirrors.join(', ') + ': '
		+ (cut > 1 ? 'hedging made p99 ' + cut.toFixed(1) + '× shorter for ' + extra + '.'
			: 'hedging did not shorten p99 this time, for ' + extra
				+ ' (too few requests to catch the stalls, or a busy machine slowing every call past the step).');
	document.body.dataset.comparisonsDrawn = String(Number(document.body.dataset.comparisonsDrawn || 0) + 1);
}

async function runComparison(event) {
	event.preventDefault();
	const params = new URLSearchParams({
		requests: document.getElementById('requests').value,
		concurrency: document.getElementById('concurrency').value,
		order: document.getElementById('order').value
	});
	const summary = document.getElementById('compare-summary');
	summary.className = 'summary';
	summary.textContent = 'Running… (a few seconds)';
	setBusy(true);
	try {
		drawComparison(await getJson('/api/compare?' + params));
	}
	catch (error) {
		summary.className = 'summary error';
		summary.textContent = 'The comparison could not run: ' + error.message;
	}
	finally {
		setBusy(false);
		refreshSideTables();
	}
}

async function refreshMirrors() {
	const mirrors = await getJson('/api/mirrors');
	document.querySelector('#mirrors tbody').replaceChildren(...mirrors.map((m) => {
		const model = m.latencyMs + '–' + (m.latencyMs + m.jitterMs) + ' ms'
			+ (m.stallProbability > 0 ? ', ' + (m.stallProbability * 100) + ' % stall ' + m.stallMs + ' ms' : '')
			+ (m.errorProbability > 0 ? ', ' + (m.errorProbability * 100) + ' % 503' : '');
		const row = element('tr');
		row.append(element('td', m.name), element('td', model), element('td', String(m.counts.received), 'number'),
			element('td', String(m.counts.answered), 'number'), element('td', String(m.counts.errors), 'number'),
			element('td', String(m.counts.aborted), 'number'));
		return row;
	}));
}

// The starter's Micrometer meters, through actuator's metrics endpoint.
async function meter(name, tag) {
	try {
		const body = await getJson('/actuator/metrics/' + name + (tag ? '?tag=' + encodeURIComponent(tag) : ''));
		const count = body.measurements.find((m) => m.statistic === 'COUNT');
		return count ? count.value : null;
	}
	catch (error) {
		return null;
	}
}

async function refreshMeters() {
	const rows = [
		['races (race.duration count)', await meter('race.duration')],
		['attempts won', await meter('race.attempts', 'result:won')],
		['attempts failed', await meter('race.attempts', 'result:failed')],
		['attempts lost (cancelled losers)', await meter('race.attempts', 'result:lost')],
		['hedges (race.hedges)', await meter('race.hedges')]
	];
	// The starter's races endpoint: per configured race, which attempt won how often.
	try {
		const races = (await getJson('/actuator/races')).races;
		Object.entries(races).forEach(([name, race]) => {
			const wins = Object.entries(race.counts.winsByIndex || {})
				.map(([index, count]) => '#' + index + ': ' + count).join(', ');
			rows.push(['race "' + name + '" (step ' + race.settings.step + '): races, wins by attempt',
				race.counts.total + (wins ? ' (' + wins + ')' : '')]);
		});
	}
	catch (error) {
		// Not there: nothing to add.
	}
	document.querySelector('#meters tbody').replaceChildren(...rows.map(([label, value]) => {
		const row = element('tr');
		row.append(element('td', label), element('td', value === null ? '–' : String(value), 'number'));
		return row;
	}));
}

function refreshSideTables() {
	refreshMirrors().catch(() => {});
	refreshMeters().catch(() => {});
}

document.getElementById('run-race').addEventListener('click', () => runRace('race', '/api/race'));
document.getElementById('run-stall').addEventListener('click', () => runRace('a stalls', '/api/race?stall=a'));
document.getElementById('run-fail').addEventListener('click', () => runRace('c first, 503', '/api/race?order=c,a,b&fail=c'));
document.getElementById('run-dns').addEventListener('click', () => runRace('dns', '/api/dns'));
document.getElementById('compare-form').addEventListener('submit', runComparison);
refreshSideTables();
