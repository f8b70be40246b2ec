fn main() {
    println!("chalkdust");
}
