package site.js0.race.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Draws the PNG plots of {@code docs/BENCHMARKS.md} with XChart. Needs no display: the
 * simulations set {@code java.awt.headless} before any AWT class loads.
 */
final class Charts {

	/** The chart categories, in the order of {@link LatencySummary#asArray()}. */
	static final List<String> PERCENTILES = List.of("p50", "p99", "p99.9", "max");

	private Charts() {
	}

	/**
	 * Draw one bar group per percentile, one bar per series, on a logarithmic axis in
	 * milliseconds: tails span three orders of magnitude, which a linear axis would
	 * flatten into nothing.
	 * @param file the PNG file to write
	 * @param title the chart title
	 * @param seriesSummaries the series, in legend order
	 * @throws IOException if the file cannot be written
	 */
	static void percentilesBySeries(Path file, String title, Map<String, LatencySummary> seriesSummaries)
			throws IOException {
		CategoryChart chart = new CategoryChartBuilder().width(1100)
			.height(500)
			.title(title)
			.xAxisTitle("percentile")
			.yAxisTitle("milliseconds (log scale)")
			.build();
		Map<String, List<Double>> millisBySeries = new LinkedHashMap<>();
		seriesSummaries.forEach((name, summary) -> millisBySeries.put(name,
				Arrays.stream(summary.asArray()).map((micros) -> Math.max(micros, 1) / 1e3).boxed().toList()));
		logarithmicBars(chart, PERCENTILES, millisBySeries);
		save(chart, file);
	}

	/**
	 * Draw one bar group per category, one bar per series, on a logarithmic axis in
	 * milliseconds.
	 * @param file the PNG file to write
	 * @param title the chart title
	 * @param xTitle the title of the x axis
	 * @param categories the categories, in order
	 * @param millisBySeries the values in milliseconds per series, in legend order, as
	 * long as {@code categories}
	 * @throws IOException if the file cannot be written
	 */
	static void barsByCategory(Path file, String title, String xTitle, List<String> categories,
			Map<String, double[]> millisBySeries) throws IOException {
		CategoryChart chart = new CategoryChartBuilder().width(1200)
			.height(520)
			.title(title)
			.xAxisTitle(xTitle)
			.yAxisTitle("milliseconds (log scale)")
			.build();
		Map<String, List<Double>> bars = new LinkedHashMap<>();
		millisBySeries.forEach((name, millis) -> bars.put(name,
				Arrays.stream(millis).map((value) -> Math.max(value, 1e-3)).boxed().toList()));
		logarithmicBars(chart, categories, bars);
		save(chart, file);
	}

	/**
	 * Add the series as bars on a logarithmic axis in milliseconds, legend to the right.
	 * @param chart the chart
	 * @param categories the x values, in order
	 * @param millisBySeries the positive values of each series, in legend order
	 */
	private static void logarithmicBars(CategoryChart chart, List<String> categories,
			Map<String, List<Double>> millisBySeries) {
		chart.getStyler().setYAxisLogarithmic(true);
		chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
		chart.getStyler().setYAxisDecimalPattern("#,##0.###");
		double smallest = Double.MAX_VALUE;
		for (Map.Entry<String, List<Double>> series : millisBySeries.entrySet()) {
			List<Double> millis = series.getValue();
			smallest = Math.min(smallest, millis.stream().mapToDouble(Double::doubleValue).min().orElse(1));
			chart.addSeries(series.getKey(), categories, millis);
		}
		// Bars start from the axis minimum, which XChart puts at zero unless told
		// otherwise, and a logarithmic axis cannot show zero: start at a power of ten at
		// least halving the smallest bar, so that it stays visible.
		chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest / 2))));
	}

	/**
	 * Draw one line per series against time, with vertical lines marking a span (the
	 * outage).
	 * @param file the PNG file to write
	 * @param title the chart title
	 * @param yTitle the title of the y axis
	 * @param seconds the x values, seconds since the start
	 * @param series the y values per series, in legend order, as long as {@code seconds}
	 * @param logarithmic whether the y axis is logarithmic
	 * @param markFrom the start of the marked span, in seconds
	 * @param markTo the end of the marked span, in seconds
	 * @throws IOException if the file cannot be written
	 */
	static void timeSeries(Path file, String title, String yTitle, double[] seconds, Map<String, double[]> series,
			boolean logarithmic, double markFrom, double markTo) throws IOException {
		XYChart chart = new XYChartBuilder().width(1100)
			.height(500)
			.title(title)
			.xAxisTitle("seconds since the start")
			.yAxisTitle(yTitle)
			.build();
		chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
		chart.getStyler().setMarkerSize(0);
		chart.getStyler().setYAxisLogarithmic(logarithmic);
		chart.getStyler().setYAxisDecimalPattern("#,##0.###");
		for (Map.Entry<String, double[]> entry : series.entrySet()) {
			chart.addSeries(entry.getKey(), seconds, entry.getValue()).setMarker(SeriesMarkers.NONE);
		}
		chart.addAnnotation(new AnnotationLine(markFrom, true, false));
		chart.addAnnotation(new AnnotationLine(markTo, true, false));
		save(chart, file);
	}

	private static void save(Chart<?, ?> chart, Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
	}

}
