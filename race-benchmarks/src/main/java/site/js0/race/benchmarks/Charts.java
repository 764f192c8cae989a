package site.js0.race.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
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
		chart.getStyler().setYAxisLogarithmic(true);
		chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
		chart.getStyler().setYAxisDecimalPattern("#,##0.###");
		double smallest = Double.MAX_VALUE;
		for (Map.Entry<String, LatencySummary> series : seriesSummaries.entrySet()) {
			List<Double> millis = Arrays.stream(series.getValue().asArray())
				.map((micros) -> Math.max(micros, 1) / 1e3)
				.boxed()
				.toList();
			smallest = Math.min(smallest, millis.stream().mapToDouble(Double::doubleValue).min().orElse(1));
			chart.addSeries(series.getKey(), PERCENTILES, millis);
		}
		// Bars start from the axis minimum, which XChart puts at zero unless told
		// otherwise, and a logarithmic axis cannot show zero: start at a power of ten at
		// least halving the smallest bar, so that it stays visible.
		chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest / 2))));
		save(chart, file);
	}

	private static void save(CategoryChart chart, Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
	}

}
